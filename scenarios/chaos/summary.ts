/** The one report of a chaos catalog run: a row per scenario, each linking to its own report. */
import type { Validity } from '../../invariants/verdict';
import { mdTable, mdText } from '../../reports/markdown-text';
import type { MutationScore } from '../mutants/mutation-score';
import type { ScenarioOutcome } from './run-scenario';

const word = (valid: Validity) => (valid === true ? 'PASS' : valid === false ? 'FAIL' : 'UNKNOWN');

export function renderChaosSummary(args: {
  runId: string;
  command: string;
  seed: number;
  outcomes: readonly { outcome: ScenarioOutcome; folder: string }[];
  valid: Validity;
  mutationScore?: MutationScore;
}): string {
  const failed = args.outcomes.filter(({ outcome }) => outcome.valid !== true);
  const headline =
    args.valid === true
      ? `PASS — all ${args.outcomes.length} chaos scenarios kept every invariant: faults lost nothing and sold no seat twice.`
      : `${word(args.valid)} — ${failed.length} of ${args.outcomes.length} scenario(s) broke or could not decide an invariant: ${failed.map(({ outcome }) => outcome.scenario.name).join(', ')}.`;
  const rows = args.outcomes.map(({ outcome, folder }) => {
    const ops = outcome.history.operations;
    const count = (type: string) => ops.filter((op) => op.type === type).length;
    const statuses = countStatuses(outcome);
    const violated = outcome.verdicts.filter((v) => v.valid !== true).map((v) => v.id);
    const window = outcome.faultWindow
      ? `${((outcome.faultWindow.to - outcome.faultWindow.from) / 1000).toFixed(1)} s`
      : '-';
    return [
      `[${mdText(outcome.scenario.name)}](../${folder}/report.md)`,
      mdText(outcome.scenario.description),
      window,
      `${count('ok')} / ${count('fail')} / ${count('info')}`,
      mdText(
        Object.entries(statuses)
          .map(([status, n]) => `${status} ${n}`)
          .join(', '),
      ),
      outcome.drained ? 'yes' : '**no**',
      word(outcome.valid),
      violated.length > 0 ? violated.join(', ') : '-',
    ];
  });
  const sections = [
    mdText(headline),
    `# Chaos run \`${args.runId}\``,
    mdTable(
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
    ),
    '## Proxy counters\n\nWhat each fault proxy did (requests forwarded, throttled, failed, delayed, answers dropped, duplicated, refused).\n\n' +
      mdTable(
        ['Scenario', 'Proxy', 'Counters'],
        args.outcomes.flatMap(({ outcome }) =>
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
      ),
    ...(args.mutationScore ? [mutationSection(args.mutationScore)] : []),
    `## Reproduce\n\nSeed ${args.seed}.\n\n\`\`\`\n${args.command}\n\`\`\``,
  ];
  return `${sections.join('\n\n')}\n`;
}

function countStatuses(outcome: ScenarioOutcome): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of outcome.history.final.requests)
    counts[request.status] = (counts[request.status] ?? 0) + 1;
  return counts;
}

function mutationSection(score: MutationScore): string {
  return `## Mutation score: ${score.caught} / ${score.total} mutants caught\n\n${mdTable(
    ['Mutant', 'Expected violation', 'Caught'],
    score.rows.map((row) => [mdText(row.name), mdText(row.expected), row.caught ? 'yes' : '**no**']),
  )}`;
}
