import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../invariants/verdict';
import { renderDocumentMarkdown } from '../../reports/document-markdown';
import { aVerdict } from '../../reports/test-helpers';
import type { SystemSurfaces } from '../system/system-under-test';
import { buildConformanceReport } from './conformance-report';

const surfaces: SystemSurfaces = {
  statusLogs: false,
  adminRoutes: true,
  me: true,
  analytics: false,
  workerKill: true,
  ingestKill: false,
};
const held = aVerdict();

function report(verdicts: Verdict[], valid: Verdict['valid']) {
  return buildConformanceReport({
    systemName: 'team-pipeline',
    verdicts,
    valid,
    surfaces,
    runId: 'conformance-20261201T160000Z',
    startedAt: 0,
    finishedAt: 1_000,
    environment: { node: 'v22' },
    command: 'make conformance SYSTEM=team.json',
    seed: 5,
  });
}

describe('buildConformanceReport', () => {
  it('heads the report with one sentence per validity', () => {
    expect(report([held], true).headline).toBe(
      'PASS — team-pipeline kept every invariant the harness could judge through its public surfaces',
    );
    expect(report([{ ...held, valid: false }], false).headline).toBe(
      'FAIL — team-pipeline broke an invariant; the table quotes the counterexample',
    );
    expect(report([{ ...held, valid: 'unknown' }], 'unknown').headline).toBe(
      'UNKNOWN — some checks could not be decided on team-pipeline; the table says why',
    );
  });

  it('lists the surfaces, saying which checks an absent one leaves unknown, and the seed', () => {
    const md = renderDocumentMarkdown(report([held], true));

    expect(md).toContain('- statusLogs: no (the checks that need it are unknown)');
    expect(md).toContain('- adminRoutes: yes');
    expect(md).toContain('Seed: `5`');
  });
});
