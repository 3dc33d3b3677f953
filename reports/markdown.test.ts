import { describe, expect, it } from 'vitest';
import { renderRunReportMarkdown } from './markdown';
import { aRunReport, aVerdict } from './test-helpers';

function firstLine(md: string): string {
  return md.split('\n', 1)[0] ?? '';
}

describe('renderRunReportMarkdown', () => {
  it('opens a pass with the runbook conclusion and its key figures', () => {
    const md = renderRunReportMarkdown(aRunReport());

    expect(firstLine(md)).toBe(
      'PASS — the spike was absorbed by the queue, not turned into errors: 18,000 requests, 0.00% failed, p95 41.7 ms; queue peaked at 16,600 messages and drained in 38.2 s; 100 SUCCEEDED; 1/1 sample requests final.',
    );
  });

  it('opens a failure with the violated invariants and quotes their records as JSON', () => {
    const record = { requestId: 'r-7', statusLog: ['QUEUED', 'PROCESSING', 'QUEUED'] };
    const report = aRunReport({
      valid: false,
      verdicts: [
        aVerdict(),
        aVerdict({
          id: 'I3',
          title: 'no status reversal',
          valid: false,
          summary: '1 reversal',
          counterexamples: [record],
        }),
      ],
    });

    const md = renderRunReportMarkdown(report);

    expect(firstLine(md)).toBe('FAIL — 1 invariant(s) violated: I3 no status reversal.');
    expect(md).toContain('### Counterexample: I3 no status reversal');
    expect(md).toContain(`\`\`\`json\n${JSON.stringify(record, null, 2)}\n\`\`\``);
    expect(md).not.toContain('### Counterexample: I1');
    expect(md).toContain('| `I3` | no status reversal | FAIL | 1 reversal |');
  });

  it('says UNKNOWN when an invariant could not be decided', () => {
    const report = aRunReport({ valid: 'unknown', verdicts: [aVerdict({ id: 'I8', valid: 'unknown' })] });

    expect(firstLine(renderRunReportMarkdown(report))).toBe(
      'UNKNOWN — 1 invariant(s) could not be decided: I8 capacity.',
    );
  });

  it('lists the runbook quick causes under each failed step', () => {
    const md = renderRunReportMarkdown(aRunReport({ valid: false, failedSteps: ['drain', 'mystery'] }));

    expect(firstLine(md)).toBe('FAIL — failed steps: drain, mystery.');
    expect(md).toContain('### Step `drain`: The worker is on but the queue depth does not fall');
    expect(md).toContain('- [ ] The visibility timeout is shorter than the processing time');
    expect(md).toContain('### Step `mystery`\n\nThe runbook has no quick-cause list for this step.');
  });

  it('keeps a table row whole when a summary carries pipes and markup', () => {
    const md = renderRunReportMarkdown(aRunReport({ verdicts: [aVerdict({ summary: 'a | b <i>\nc' })] }));

    const row = md.split('\n').find((l) => l.startsWith('| `I1`')) ?? '';
    expect(row).toBe('| `I1` | capacity | PASS | a \\| b &lt;i&gt; c |');
  });

  it('uses a longer fence when a quoted record itself contains a fence', () => {
    const report = aRunReport({
      valid: false,
      verdicts: [aVerdict({ valid: false, counterexamples: ['```'] })],
    });

    expect(renderRunReportMarkdown(report)).toContain('````json\n"```"\n````');
  });

  it('shows the chart, the samples with ISO times, the ratio and how to reproduce', () => {
    const md = renderRunReportMarkdown(aRunReport());

    expect(md).toContain('![timeline](timeline.svg)');
    expect(md).toContain('| `req-1` | `sample-1` | SUCCEEDED | OK | 2026-11-22T02:15:01.000Z |');
    expect(md).toContain('| 40 ms | 44 ms | 1.10 | &lt;= 1.2 | yes |');
    expect(md).toContain('| drain | +75.0 s | - | - | 2026-11-22T02:16:15.000Z |');
    expect(md).toContain('| fauxqs | `2.4.1` |');
    expect(md).toContain('Seed: `42`');
    expect(md).toContain('```sh\nnpm run scenario -- g0 --seed 42\n```');
    expect(md.endsWith('```\n')).toBe(true);
  });
});
