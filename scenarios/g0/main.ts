/**
 * `make g0`: runs the G0 load-test runbook unattended on a system under test (the reference
 * services on the embedded stack by default, `--system FILE` / `SYSTEM=` another) and writes the
 * evidence report. Exit code 0 when every invariant holds, 1 when one is violated, 2 when one
 * could not be decided (or the run itself could not be carried out).
 */
import { join } from 'node:path';
import { measureFairness } from '../../invariants';
import { summarizeHistory } from '../../invariants/history-records';
import { renderFairnessSection } from '../../reports/fairness-section';
import { writeRunReport } from '../../reports/write-run';
import { refuseK6Tokens, resolveLoadTool } from '../load/load-tool';
import { environmentVersions } from '../runner/environment';
import { createProgress } from '../runner/progress';
import { newRunFolder } from '../runner/run-folder';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { openRunbookHistory } from '../runner/runbook-run';
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
  const opened = await openRunbookHistory({ suite: 'g0', runId, runDir, startedAt }, system, {
    eventId: options.EVENT_ID,
    capacity: options.CAPACITY,
  });
  try {
    const outcome = await runG0({
      options,
      system,
      progress,
      runDir,
      loadTool,
      runTag: runId,
      history: opened.history,
    });
    // The runbook's steps first (all must have happened), then the registry's g0 suite, the one
    // `check` re-judges a recorded folder with.
    const judged = opened.judge(outcome.history, outcome.failedSteps);
    const report = buildG0Report({
      runId,
      startedAt,
      options,
      outcome,
      verdicts: judged.verdicts,
      valid: judged.valid,
      command: reproduceCommand(options),
      environment: environmentVersions(loadTool),
    });
    // history.json keeps a summary and the charts read the history in memory.
    await opened.finish(outcome.history, judged);
    const fairness = renderFairnessSection(measureFairness(outcome.history), opened.fairnessBound);
    await writeRunReport(
      runDir,
      { ...report, extraSections: [...(report.extraSections ?? []), fairness] },
      { history: summarizeHistory(outcome.history), chartHistory: outcome.history },
    );
    return reportVerdicts(progress, judged, runDir);
  } finally {
    // A run that threw leaves its partial history (no end line); after finish this does nothing.
    await opened.history.abandon();
    await system.stop();
  }
}

runAsMain('g0', main);
