/**
 * Conformance mode's chaos and analytics rows: the chaos scenarios that need only fault proxies
 * and worker control, each run on the system of the file (the proxies stand between its services
 * and AWS when the file lets the harness place them, else the row is unknown with the reason),
 * and G1 when the file declares an analytics path. One row per scenario, one per G1 check.
 */
import { join } from 'node:path';
import { checkAll, G1_CHECKERS, type Verdict } from '../../invariants';
import { CHAOS_CATALOG, type ChaosScenario } from '../chaos/catalog';
import { runChaosScenario } from '../chaos/run-scenario';
import { scenarioRandom } from '../chaos/scenario-seed';
import { parseG1Options } from '../g1/options';
import { runG1 } from '../g1/run-g1';
import { judgeSwallow } from '../g1/swallow';
import { resolveLoadTool } from '../load/load-tool';
import type { Progress } from '../runner/progress';
import { fitCheckers, unknownVerdict } from '../runner/system-checkers';
import type { SystemSource } from '../system/open-system';
import type { SystemFile } from '../system/system-file';

/** `ci`: the CI catalog's scenarios that need nothing of the reference's own wiring. */
export function conformanceScenarios(choice: string): readonly ChaosScenario[] {
  if (choice === 'none') return [];
  if (choice === 'ci') return CHAOS_CATALOG.filter((s) => s.ci && s.nemesis.kind !== 'worker-crash');
  const names = choice.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !CHAOS_CATALOG.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new Error(
      `conformance: no chaos scenario named ${unknown.join(', ')}; one of ${CHAOS_CATALOG.map((s) => s.name).join(', ')}`,
    );
  return CHAOS_CATALOG.filter((s) => names.includes(s.name));
}

export interface ChaosRowsOptions {
  readonly users: number;
  readonly seconds: number;
  readonly capacity: number;
  readonly seed: number;
  readonly runDir: string;
  readonly runTag: string;
}

export async function chaosRows(
  source: SystemSource,
  scenarios: readonly ChaosScenario[],
  options: ChaosRowsOptions,
  progress: Progress,
): Promise<Verdict[]> {
  const rows: Verdict[] = [];
  for (const scenario of scenarios) {
    const outcome = await runChaosScenario({
      scenario,
      source,
      runDir: join(options.runDir, scenario.name),
      load: { users: options.users, seconds: options.seconds, retries: 2 },
      capacity: options.capacity,
      random: scenarioRandom(options.seed, scenario.name),
      progress,
      runTag: `${options.runTag}-${scenario.name}`.slice(0, 40),
    });
    const notHeld = outcome.verdicts.filter((verdict) => verdict.valid !== true);
    rows.push({
      id: `chaos:${scenario.name}`,
      title: `Chaos: ${scenario.description}`,
      valid: outcome.valid,
      summary:
        notHeld.length === 0
          ? 'the fault happened and every invariant held'
          : notHeld.map((verdict) => `${verdict.id}: ${verdict.summary}`).join('; '),
      counts: { verdicts: outcome.verdicts.length, notHeld: notHeld.length },
      counterexamples: notHeld.flatMap((verdict) => verdict.counterexamples.slice(0, 3)),
    });
  }
  return rows;
}

/** Whether the file declares an analytics path G1 can read: the surface and the bucket it fills. */
export const declaresAnalytics = (file: SystemFile): boolean =>
  file.surfaces.analytics && file.resources.bucket !== undefined;

/** G1's checks on the declared analytics path, each its own row; one unknown row without one. */
export async function g1Rows(
  source: SystemSource,
  declared: boolean,
  options: { readonly root: string; readonly runDir: string; readonly runTag: string },
  progress: Progress,
): Promise<Verdict[]> {
  if (!declared)
    return [
      unknownVerdict(
        'g1',
        'G1 analytics run',
        'the system file declares no analytics path (surfaces.analytics and resources.bucket)',
      ),
    ];
  const g1Options = parseG1Options(['--profile', 'ci'], {
    EVENT_ID: `EVT-G1-${options.runTag}`.slice(0, 64),
  });
  await using system = await source.open({
    runDir: options.runDir,
    reference: { resources: {} },
    onProgress: progress.say,
  });
  const outcome = await runG1({
    options: g1Options,
    system,
    progress,
    runDir: options.runDir,
    loadTool: resolveLoadTool('driver', 'k6', options.root),
    runTag: options.runTag,
  });
  const verdicts = [
    ...checkAll(outcome.history, fitCheckers(G1_CHECKERS, system.surfaces)).verdicts,
    judgeSwallow(outcome.swallow),
  ];
  return verdicts.map((verdict) => ({ ...verdict, id: `g1:${verdict.id}` }));
}
