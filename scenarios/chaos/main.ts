/**
 * `make chaos`: runs the nemesis catalog (or one scenario: `make chaos SCENARIO=worker-crash`),
 * each on a fresh stack, checks the invariants after every one and writes one report with a row
 * per scenario. Exit 0 when all hold, 1 on any violation, 2 when one could not be decided.
 */
import { join } from 'node:path';
import { summarizeHistory } from '../../invariants/history-records';
import { combineValidity, exitCodeFor } from '../../invariants/verdict';
import { FAULT_COLOR } from '../../reports/charts/windows';
import { buildRunId, createRunFolder, writeReportFolder, writeRunReport } from '../../reports/write-run';
import { startEmbeddedStack } from '../../stack/embedded/embedded-stack';
import { runMutationScore } from '../mutants/mutation-score';
import { countValues } from '../runner/count-by';
import { environmentVersions } from '../runner/environment';
import { createProgress } from '../runner/progress';
import { endLine, markInterruptible, runAsMain } from '../runner/run-main';
import { systemSource } from '../system/open-system';
import { parseChaosOptions, reproduceChaosCommand } from './options';
import { runChaosScenario, type ScenarioOutcome } from './run-scenario';
import { scenarioRandom } from './scenario-seed';
import { buildChaosSummary } from './summary';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseChaosOptions(process.argv.slice(2), process.env);
  const source = systemSource(options.SYSTEM, root);
  const startedAt = Date.now();
  const runId = buildRunId('chaos', new Date(startedAt));
  const progress = createProgress(startedAt);
  const command = reproduceChaosCommand(options);
  progress.say(`chaos run ${runId}: ${options.scenarios.map((s) => s.name).join(', ')}`);
  progress.say(`seed ${options.seed}; reproduce with: ${command}`);
  // The chaos load is the harness's own retrying clients (load.ts): no load tool to name.
  const environment = environmentVersions();
  const outcomes: { outcome: ScenarioOutcome; folder: string }[] = [];
  for (const scenario of options.scenarios) {
    const folder = `${runId}-${scenario.name}`;
    const runDir = await createRunFolder(join(root, 'reports/runs'), folder);
    // Interrupted, the scenario's folder still says unknown beside its partial history.ndjson.
    markInterruptible(runDir, folder);
    const outcome = await runChaosScenario({
      scenario,
      source,
      runDir,
      load: { users: options.USERS, seconds: options.LOAD_SECONDS, retries: 2 },
      capacity: options.CAPACITY,
      random: scenarioRandom(options.seed, scenario.name),
      faultOff: options.FAULT === 'off',
      progress,
      runTag: folder,
    });
    for (const verdict of outcome.verdicts) {
      if (verdict.valid !== true)
        progress.say(`  ${verdict.valid === false ? 'FAIL' : 'UNKNOWN'} ${verdict.id} ${verdict.summary}`);
    }
    progress.say(
      `${scenario.name}: ${outcome.valid === true ? 'PASS' : outcome.valid === false ? 'FAIL' : 'UNKNOWN'}`,
    );
    const requests = outcome.history.final.requests;
    await writeRunReport(
      runDir,
      {
        runId: folder,
        title: `Chaos scenario ${scenario.name}`,
        startedAt: outcome.startedAt,
        finishedAt: Date.now(),
        command: `SCENARIO=${scenario.name} ${command.replace(/ SCENARIO=\S+/, '')}`,
        seed: options.seed,
        parameters: {
          scenario: scenario.name,
          fault: scenario.description,
          users: options.USERS,
          capacity: options.CAPACITY,
        },
        environment,
        verdicts: outcome.verdicts,
        valid: outcome.valid,
        statusCounts: countValues(requests.map((r) => r.status)),
        resultCodeCounts: countValues(requests.map((r) => r.resultCode ?? 'NONE')),
        samples: [],
        phases: outcome.history.phases,
        failedSteps: outcome.failedSteps,
        notes: [`Proxy counters: ${JSON.stringify(outcome.proxyStats)}`],
        passConclusion: `every invariant held under the fault (${scenario.description})`,
      },
      {
        history: summarizeHistory(outcome.history),
        chartHistory: outcome.history,
        windows: outcome.faultWindow
          ? [{ label: scenario.name, ...outcome.faultWindow, color: FAULT_COLOR }]
          : [],
      },
    );
    outcomes.push({ outcome, folder });
  }
  const mutationScore =
    options.PROFILE === 'full' && !options.SCENARIO && source.isReference
      ? await scoreMutants(progress)
      : undefined;
  const mutantsMissed = mutationScore !== undefined && mutationScore.caught < mutationScore.total;
  const valid = combineValidity([
    ...outcomes.map(({ outcome }) => ({ valid: outcome.valid }) as never),
    ...(mutantsMissed ? [{ valid: false } as never] : []),
  ]);
  const summaryDir = await createRunFolder(join(root, 'reports/runs'), runId);
  const summary = buildChaosSummary({
    runId,
    command,
    seed: options.seed,
    startedAt,
    finishedAt: Date.now(),
    outcomes,
    valid,
    parameters: {
      profile: options.PROFILE,
      scenarios: options.scenarios.map((s) => s.name).join(', '),
      users: options.USERS,
      loadSeconds: options.LOAD_SECONDS,
      capacity: options.CAPACITY,
    },
    environment,
    ...(mutationScore ? { mutationScore } : {}),
  });
  const exitCode = exitCodeFor(valid);
  // The steps that failed, named by scenario as each scenario's own results.json names them.
  const failedSteps = outcomes.flatMap(({ outcome }) =>
    outcome.failedSteps.map((step) => `${outcome.scenario.name}:${step}`),
  );
  await writeReportFolder(summaryDir, summary, {
    results: { runId, seed: options.seed, valid, exitCode, failedSteps, scenarios: summary.verdicts },
  });
  progress.say(endLine(join(summaryDir, 'report.html'), exitCode, failedSteps));
  return exitCode;
}

/**
 * The bug zoo on a fresh stack: every mutant must be caught by its invariant. (The CI profile
 * leaves this to the mutants' integration test, which runs the same scenarios.)
 */
async function scoreMutants(progress: ReturnType<typeof createProgress>) {
  progress.phase('mutants', 'the bug zoo: each mutant must be caught');
  await using stack = await startEmbeddedStack({
    root,
    logDir: join(root, '.stack', 'mutants'),
    nodeBinary: process.execPath,
    onProgress: progress.say,
  });
  const score = await runMutationScore({
    target: stack.target,
    onRow: (row) => progress.say(`  ${row.caught ? 'caught' : 'MISSED'} ${row.name} (${row.expected})`),
  });
  progress.say(`mutation score: ${score.caught} / ${score.total}`);
  progress.endPhase();
  return score;
}

runAsMain('chaos', main);
