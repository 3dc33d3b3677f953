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
import { environmentVersions } from '../runner/environment';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { runRunbook } from '../runner/runbook-main';
import { buildG0Report } from './build-report';
import { parseG0Options, reproduceCommand } from './options';
import { runG0 } from './run-g0';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseG0Options(process.argv.slice(2), process.env);
  const start = {
    suite: 'g0',
    root,
    options,
    command: reproduceCommand(options),
    refuse: (source: { isReference: boolean }) => {
      if (options.MUTANT && !source.isReference)
        throw new Error('g0: MUTANT runs a worker of the bug zoo, which only the reference services have');
    },
    describeSetup: (file: string | undefined) =>
      file ? `the system of ${file}; worker off` : `${options.TARGET} stack, resources, ingest; worker off`,
    reference: {
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
  } as const;
  return runRunbook(start, async ({ context, opened, runId, startedAt }) => {
    const outcome = await runG0(context);
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
      environment: environmentVersions(context.loadTool),
    });
    // history.json keeps a summary and the charts read the history in memory.
    await opened.finish(outcome.history, judged);
    const fairness = renderFairnessSection(measureFairness(outcome.history), opened.fairnessBound);
    await writeRunReport(
      context.runDir,
      { ...report, extraSections: [...(report.extraSections ?? []), fairness] },
      { history: summarizeHistory(outcome.history), chartHistory: outcome.history },
    );
    return reportVerdicts(context.progress, judged, context.runDir);
  });
}

runAsMain('g0', main);
