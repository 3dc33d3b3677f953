/**
 * The gate run in the report model every run kind shares: each criterion of the waiting-room
 * guide as a verdict (so junit.xml names the one that failed), with its goal and what was
 * measured.
 */
import type { Verdict } from '../../invariants/verdict';
import { combineValidity } from '../../invariants/verdict';
import { mdTable, mdText } from '../../reports/markdown-text';
import type { ReportDocument } from '../../reports/report-document';
import { verdictMark } from '../../reports/report-text';
import { buildRunKindDocument, type RunFacts } from '../../reports/run-kind-document';
import type { Check } from '../checks';

export interface GateReportInput extends RunFacts {
  readonly redisVersion: string;
  readonly checks: readonly Check[];
}

export function buildGateReport(input: GateReportInput): ReportDocument {
  const verdicts: Verdict[] = input.checks.map((check, i) => ({
    id: `G${i + 1}`,
    title: check.name,
    valid: check.valid,
    summary: `${check.measured} (goal: ${check.criterion})`,
    counts: {},
    counterexamples: [],
  }));
  const failed = input.checks.filter((c) => !c.valid);
  return buildRunKindDocument({
    kind: 'gate',
    title: 'Gate run (Redis waiting room)',
    run: input,
    valid: combineValidity(verdicts),
    headline: {
      pass: `every criterion of the waiting-room guide held against a real redis-server ${input.redisVersion}.`,
      otherwise: `${failed.length} criterion(s) failed: ${failed.map((c) => c.name).join('; ')}.`,
    },
    verdictsTitle: 'Criteria',
    verdicts,
    charts: [],
    sections: [
      {
        title: 'Goals and measurements',
        markdown: `Redis ${mdText(input.redisVersion)} (a private redis-server child, no persistence).\n\n${mdTable(
          ['', 'Criterion', 'Goal', 'Measured'],
          input.checks.map((c) => [
            verdictMark(c.valid),
            mdText(c.name),
            mdText(c.criterion),
            mdText(c.measured),
          ]),
        )}`,
      },
    ],
  });
}
