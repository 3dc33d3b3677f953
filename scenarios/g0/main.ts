/**
 * `make g0`: runs the G0 load-test runbook unattended on a system under test (the reference
 * services on the embedded stack by default, `--system FILE` / `SYSTEM=` another) and writes the
 * evidence report. Exit code 0 when every invariant holds, 1 when one is violated, 2 when one
 * could not be decided (or the run itself could not be carried out).
 */
import { join } from 'node:path';
import { checkAll, combineValidity, measureFairness, parseInversionRate } from '../../invariants';
import { checkersFor } from '../../invariants/check-history';
import { summarizeHistory } from '../../invariants/history-records';
import { runStepsVerdict } from '../../invariants/run-steps';
import { renderFairnessSection } from '../../reports/fairness-section';
import { writeRunReport } from '../../reports/write-run';
import { refuseK6Tokens, resolveLoadTool } from '../load/load-tool';
import { environmentVersions } from '../runner/environment';
import { createProgress } from '../runner/progress';
import { newRunFolder } from '../runner/run-folder';
import { openRunHistory, runParameters } from '../runner/run-history';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { fitCheckers } from '../runner/system-checkers';
import { systemSource } from '../system/open-system';
import { buildG0Report } from './build-report';
import { parseG0Options, reproduceCommand } from './options';
import { runG0 } from './run-g0';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseG0Options(process.argv.slice(2), process.env);
  // Before anything starts: LOAD_TOOL=k6 without a k6, or on a system whose tokens k6 cannot get
  // (its script only logs in at the spec's route), is refused at once, saying what to do.
  const loadTool = resolveLoadTool(options.LOAD_TOOL, options.K6_BINARY, root);
  const source = systemSource(options.SYSTEM, root);
  refuseK6Tokens(loadTool, source.tokens);
  if (options.MUTANT && !source.isReference)
    throw new Error('g0: MUTANT runs a worker of the bug zoo, which only the reference services have');
  const startedAt = Date.now();
  const { runId, runDir } = await newRunFolder(root, 'g0', startedAt);
  const progress = createProgress(startedAt);
  progress.say(`G0 run ${runId} (${options.PROFILE}): ${reproduceCommand(options)}`);
  progress.say(`writing to ${runDir}`);

  progress.phase(
    'setup',
    source.file
      ? `the system of ${source.file}; worker off`
      : `${options.TARGET} stack, resources, ingest; worker off`,
  );
  const system = await source.open({
    runDir,
    reference: {
      target: options.TARGET,
      resources: {
        maxReceiveCount: options.MAX_RECEIVE_COUNT,
        visibilityTimeoutSeconds: options.VISIBILITY_TIMEOUT_SECONDS,
      },
      // The edge rate limit stays off unless RATE_LIMIT=on (and its RATE_LIMIT_* knobs) are given.
      ingestEnv: {
        LOG_LEVEL: 'info',
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k, v]) => k.startsWith('RATE_LIMIT') && v),
        ),
      } as Record<string, string>,
      // G0 is the queue runbook: analytics publishing (G1, `make g1`) stays off so the drain
      // measures the worker, not moto's EventBridge.
      workerEnv: { LOG_LEVEL: 'info', ANALYTICS: 'off' },
      workerStartEnv: {
        CONCURRENCY: String(options.WORKER_CONCURRENCY),
        ...(options.MUTANT ? { MUTANT: options.MUTANT } : {}),
      },
      ...(options.MUTANT ? { workerEntry: 'scenarios/mutants/worker-main.ts' } : {}),
    },
    onProgress: (message) => progress.say(message),
  });
  // Fairness (I16) is always measured for the report; judged only under a configured bound.
  const fairnessBound = parseInversionRate(process.env.FAIRNESS_MAX_INVERSION_RATE);
  // The history goes to history.ndjson as the run produces it (`make check RUN=...` re-judges
  // it); interrupted, the run leaves what it has, without the end line.
  const history = await openRunHistory(runDir, {
    suite: 'g0',
    runId,
    createdAt: startedAt,
    parameters: runParameters(system, options.EVENT_ID, options.CAPACITY),
    ...(fairnessBound === undefined ? {} : { fairnessMaxInversionRate: fairnessBound }),
  });
  try {
    const outcome = await runG0({ options, system, progress, runDir, loadTool, runTag: runId, history });
    const checkers = fitCheckers(checkersFor('g0', fairnessBound), system.surfaces);
    // The runbook's steps first (all must have happened), then the registry's g0 suite, the one
    // `check` re-judges a recorded folder with.
    const verdicts = [runStepsVerdict(outcome.failedSteps), ...checkAll(outcome.history, checkers).verdicts];
    const valid = combineValidity(verdicts);
    const report = buildG0Report({
      runId,
      startedAt,
      options,
      outcome,
      verdicts,
      valid,
      command: reproduceCommand(options),
      environment: environmentVersions(loadTool),
    });
    // The rest of the history (final reads, probes, phases) and the end line; history.json keeps
    // a summary and the charts read the history in memory.
    await history.finish(outcome.history, { failedSteps: outcome.failedSteps });
    const fairness = renderFairnessSection(measureFairness(outcome.history), fairnessBound);
    await writeRunReport(
      runDir,
      { ...report, extraSections: [...(report.extraSections ?? []), fairness] },
      { history: summarizeHistory(outcome.history), chartHistory: outcome.history },
    );
    return reportVerdicts(progress, verdicts, valid, runDir);
  } finally {
    // A run that threw leaves its partial history (no end line); after finish this does nothing.
    await history.abandon();
    await system.stop();
  }
}

runAsMain('g0', main);
