/**
 * The HTTP fuzz run in the report model every run kind shares: its four checks as the verdicts
 * (so junit.xml names the one that failed), the answers by status and error code as a chart,
 * the console summary, the state changes, and the replay command.
 */
import type { Verdict } from '../../invariants/verdict';
import { combineValidity } from '../../invariants/verdict';
import { countBarsChart } from '../../reports/charts/count-bars-spec';
import { mdCodeBlock, mdText } from '../../reports/markdown-text';
import type { ReportDocument } from '../../reports/report-document';
import { buildRunKindDocument, type RunFacts } from '../../reports/run-kind-document';
import type { HttpFuzzCounts } from './http-fuzz';

export interface FuzzReportInput extends RunFacts {
  readonly seed: number;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly counts: HttpFuzzCounts;
  /** formatFuzzCounts' text: what the console printed. */
  readonly summaryText: string;
  readonly changes: readonly string[];
  readonly checks: Readonly<Record<string, boolean>>;
}

export function buildFuzzReport(input: FuzzReportInput): ReportDocument {
  const verdicts: Verdict[] = Object.entries(input.checks).map(([name, ok], i) => ({
    id: `F${i + 1}`,
    title: name,
    valid: ok,
    summary: ok ? 'held' : 'failed: see the summary and the state changes',
    counts: {},
    counterexamples: [],
  }));
  const c = input.counts;
  const bars = Object.entries(c.byAnswer).map(([label, count]) => ({ label, count }));
  const unexpected = Object.entries(c.byStatus)
    .filter(([status]) => !/^4\d\d$/.test(status))
    .map(([label, count]) => ({ label: `${label} (not a 4xx)`, count, bad: true }));
  return buildRunKindDocument({
    kind: 'fuzz',
    title: 'HTTP fuzz run',
    run: input,
    valid: combineValidity(verdicts),
    headline: {
      pass: `${c.requests.toLocaleString('en-US')} invalid requests, every answer a 4xx with a JSON { code, message }, no state changed, the service healthy afterwards.`,
      otherwise: `${verdicts
        .filter((v) => v.valid !== true)
        .map((v) => v.title)
        .join('; ')}.`,
    },
    verdictsTitle: 'Checks',
    verdicts,
    charts: [
      countBarsChart('answers', 'Answers by status and error code', [...bars, ...unexpected], 'answers'),
    ],
    sections: [
      { title: 'Summary', markdown: mdCodeBlock(input.summaryText, 'text') },
      {
        title: 'State changes',
        markdown:
          input.changes.length === 0
            ? 'None: the table and the queues are as they were before the fuzz.'
            : input.changes.map((change) => `- ${mdText(change)}`).join('\n'),
      },
    ],
  });
}
