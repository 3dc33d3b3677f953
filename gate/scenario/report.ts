/**
 * The gate run in the report model every run kind shares: each criterion of the waiting-room
 * guide as a verdict (so junit.xml names the one that failed), with its goal and what was
 * measured.
 */
import type { Verdict } from '../../invariants/verdict';
import { combineValidity } from '../../invariants/verdict';
import { mdTable, mdText } from '../../reports/markdown-text';
import type { ReportDocument, ReportLang } from '../../reports/report-document';
import { verdictMark, verdictWord } from '../../reports/report-text';
import type { Check } from '../checks';

export interface GateReportInput {
  readonly runId: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly redisVersion: string;
  readonly checks: readonly Check[];
  readonly command: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly lang?: ReportLang;
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
  const valid = combineValidity(verdicts);
  const failed = input.checks.filter((c) => !c.valid);
  const headline =
    valid === true
      ? `PASS — every criterion of the waiting-room guide held against a real redis-server ${input.redisVersion}.`
      : `${verdictWord(valid)} — ${failed.length} criterion(s) failed: ${failed.map((c) => c.name).join('; ')}.`;
  return {
    kind: 'gate',
    runId: input.runId,
    title: 'Gate run (Redis waiting room)',
    lang: input.lang ?? 'en',
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    valid,
    headline,
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
    parameters: {},
    environment: input.environment,
    command: input.command,
  };
}
