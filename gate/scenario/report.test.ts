import { describe, expect, it } from 'vitest';
import { renderDocumentMarkdown } from '../../reports/document-markdown';
import { renderJunitXml } from '../../reports/junit';
import { buildGateReport } from './report';

const checks = [
  {
    name: 'FIFO among non-overlapping joins',
    criterion: '0 inversions',
    measured: '0 inversions',
    valid: true,
  },
  {
    name: 'position estimate (ZRANK)',
    criterion: 'max error <= 5%',
    measured: 'max error 7.00%',
    valid: false,
  },
];

describe('buildGateReport', () => {
  it('makes every criterion a verdict with its goal, so junit names the one that failed', () => {
    const doc = buildGateReport({
      runId: 'gate-20261122T021500Z',
      startedAt: 0,
      finishedAt: 1_000,
      redisVersion: '7.0.15',
      checks,
      command: 'make gate',
      environment: { redis: '7.0.15' },
    });

    expect(doc.valid).toBe(false);
    expect(doc.headline).toBe('FAIL — 1 criterion(s) failed: position estimate (ZRANK).');
    expect(doc.verdicts[1]).toMatchObject({
      id: 'G2',
      valid: false,
      summary: 'max error 7.00% (goal: max error <= 5%)',
    });
    expect(renderJunitXml(doc.title, doc.verdicts, 1_000)).toContain('tests="2" failures="1"');
    expect(renderDocumentMarkdown(doc)).toContain('## Criteria');
  });
});
