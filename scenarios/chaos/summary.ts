/**
 * The one report of a chaos catalog run, in the report model every run kind shares: a row per
 * scenario linking to its own report, one small timeline per scenario, the proxies' counters,
 * the mutation score. junit.xml gets one test case per scenario (and one for the bug zoo), so a
 * CI view names the scenario that broke.
 */
import type { Validity, Verdict } from '../../invariants/verdict';
import { chaosSummaryChart } from '../../reports/charts/chaos-summary-spec';
import { timedOperations } from '../../reports/charts/operations';
import { FAULT_COLOR } from '../../reports/charts/windows';
import { mdTable, mdText } from '../../reports/markdown-text';
import type { ReportDocument } from '../../reports/report-document';
import { verdictWord } from '../../reports/report-text';
import { buildRunKindDocument, type RunFacts } from '../../reports/run-kind-document';
import type { MutationScore } from '../mutants/mutation-score';
import type { ScenarioOutcome } from './run-scenario';

export interface ChaosSummaryInput extends RunFacts {
  readonly seed: number;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly outcomes: readonly { outcome: ScenarioOutcome; folder: string }[];
  readonly valid: Validity;
  readonly mutationScore?: MutationScore;
}

export function buildChaosSummary(args: ChaosSummaryInput): ReportDocument {
  const failed = args.outcomes.filter(({ outcome }) => outcome.valid !== true);
  const missed = args.mutationScore ? args.mutationScore.total - args.mutationScore.caught : 0;
  return buildRunKindDocument({
    kind: 'chaos',
    title: 'Chaos run',
    run: args,
    valid: args.valid,
    headline: {
      pass: `all ${args.outcomes.length} chaos scenarios kept every invariant: faults lost nothing and sold no seat twice.`,
      otherwise: `${[
        failed.length > 0
          ? `${failed.length} of ${args.outcomes.length} scenario(s) broke or could not decide an invariant: ${failed.map(({ outcome }) => outcome.scenario.name).join(', ')}`
          : '',
        missed > 0 ? `${missed} mutant(s) of the bug zoo not caught` : '',
      ]
        .filter((p) => p !== '')
        .join('; ')}.`,
    },
    verdictsTitle: 'Scenarios',
    verdicts: [
      ...args.outcomes.map(({ outcome }) => scenarioVerdict(outcome)),
      ...(args.mutationScore ? [mutationVerdict(args.mutationScore)] : []),
    ],
    charts: [
      chaosSummaryChart(
        args.outcomes.map(({ outcome }) => ({
          name: outcome.scenario.name,
          verdict: verdictWord(outcome.valid),
          operations: timedOperations(outcome.history.operations),
          samples: outcome.history.samples,
          windows: outcome.faultWindow
            ? [{ label: 'fault', ...outcome.faultWindow, color: FAULT_COLOR }]
            : [],
        })),
      ),
    ],
    sections: [
      { title: 'Scenarios in detail', markdown: scenarioTable(args.outcomes), early: true },
      { title: 'Proxy counters', markdown: proxyTable(args.outcomes) },
      ...(args.mutationScore ? [mutationSection(args.mutationScore)] : []),
    ],
  });
}

function scenarioVerdict(outcome: ScenarioOutcome): Verdict {
  const broken = outcome.verdicts.filter((v) => v.valid !== true);
  return {
    id: outcome.scenario.name,
    title: outcome.scenario.description,
    valid: outcome.valid,
    summary:
      broken.length === 0
        ? `every invariant held${outcome.drained === false ? ', but the queue did not drain' : ''}`
        : broken.map((v) => `${v.id} ${verdictWord(v.valid)}: ${v.summary}`).join('; '),
    counts: { verdicts: outcome.verdicts.length, broken: broken.length },
    counterexamples: broken.map((v) => ({
      id: v.id,
      summary: v.summary,
      counterexamples: v.counterexamples,
    })),
  };
}

function mutationVerdict(score: MutationScore): Verdict {
  const missed = score.rows.filter((row) => !row.caught);
  return {
    id: 'mutants',
    title: 'Bug zoo: every mutant caught by its invariant',
    valid: missed.length === 0,
    summary: `${score.caught} / ${score.total} mutants caught${missed.length > 0 ? `; missed: ${missed.map((r) => r.name).join(', ')}` : ''}`,
    counts: { caught: score.caught, total: score.total },
    counterexamples: missed.map((row) => ({
      mutant: row.name,
      expected: row.expected,
      violated: row.violated,
    })),
  };
}

function scenarioTable(outcomes: ChaosSummaryInput['outcomes']): string {
  const rows = outcomes.map(({ outcome, folder }) => {
    const ops = outcome.history.operations;
    const count = (type: string) => ops.filter((op) => op.type === type).length;
    const violated = outcome.verdicts.filter((v) => v.valid !== true).map((v) => v.id);
    const window = outcome.faultWindow
      ? `${((outcome.faultWindow.to - outcome.faultWindow.from) / 1000).toFixed(1)} s`
      : '-';
    const statuses = countStatuses(outcome);
    return [
      `[${mdText(outcome.scenario.name)}](../${folder}/report.html)`,
      mdText(outcome.scenario.description),
      window,
      `${count('ok')} / ${count('fail')} / ${count('info')}`,
      mdText(
        Object.entries(statuses)
          .map(([status, n]) => `${status} ${n}`)
          .join(', '),
      ),
      outcome.drained === undefined ? 'not run' : outcome.drained ? 'yes' : '**no**',
      verdictWord(outcome.valid),
      violated.length > 0 ? violated.join(', ') : '-',
    ];
  });
  return mdTable(
    [
      'Scenario',
      'Fault',
      'Window',
      'Answers ok / fail / unknown',
      'Final statuses',
      'Drained',
      'Verdict',
      'Violated',
    ],
    rows,
  );
}

function proxyTable(outcomes: ChaosSummaryInput['outcomes']): string {
  const intro =
    'What each fault proxy did (requests forwarded, throttled, failed, delayed, answers dropped, duplicated, refused).';
  return `${intro}\n\n${mdTable(
    ['Scenario', 'Proxy', 'Counters'],
    outcomes.flatMap(({ outcome }) =>
      Object.entries(outcome.proxyStats).map(([proxy, stats]) => [
        mdText(outcome.scenario.name),
        mdText(proxy),
        mdText(
          Object.entries(stats as Record<string, number>)
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ') || '-',
        ),
      ]),
    ),
  )}`;
}

function countStatuses(outcome: ScenarioOutcome): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of outcome.history.final.requests)
    counts[request.status] = (counts[request.status] ?? 0) + 1;
  return counts;
}

function mutationSection(score: MutationScore) {
  return {
    title: `Mutation score: ${score.caught} / ${score.total} mutants caught`,
    markdown: mdTable(
      ['Mutant', 'Expected violation', 'Caught'],
      score.rows.map((row) => [mdText(row.name), mdText(row.expected), row.caught ? 'yes' : '**no**']),
    ),
  };
}
