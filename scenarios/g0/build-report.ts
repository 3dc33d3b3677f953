/** Turns a G0 outcome and its verdicts into the RunReport a presenter attaches. */
import type { Validity, Verdict } from '../../invariants/verdict';
import type { RunReport } from '../../reports/run-report';
import { percentile } from '../../services/common/percentile';
import { countValues } from '../runner/count-by';
import type { G0Options } from './options';
import type { G0Outcome } from './run-g0';

export function buildG0Report(args: {
  runId: string;
  startedAt: number;
  options: G0Options;
  outcome: G0Outcome;
  verdicts: readonly Verdict[];
  valid: Validity;
  command: string;
  environment: Record<string, string>;
}): RunReport {
  const { outcome, options } = args;
  const { final } = outcome.history;
  const spikeRequests = final.requests.filter((r) => r.eventId === options.EVENT_ID);
  const latencies = (run: typeof outcome.probeOff) =>
    run.operations
      .filter((op) => op.type === 'ok' && op.latencyMs !== undefined)
      .map((op) => op.latencyMs as number);
  const workerOffP95Ms = percentile(latencies(outcome.probeOff), 95);
  const drainingP95Ms = percentile(latencies(outcome.probeDrain), 95);
  const offSamples = outcome.history.samples.filter(
    (s) => !s.workerRunning && s.time < outcome.workerStartedAt,
  );
  return {
    runId: args.runId,
    title: 'G0 acceptance run',
    startedAt: args.startedAt,
    finishedAt: Date.now(),
    command: args.command,
    seed: args.runId,
    parameters: {
      profile: options.PROFILE,
      vus: options.VUS,
      duration: options.DURATION,
      loadMode: options.LOAD_MODE,
      loadTool: options.LOAD_TOOL,
      eventId: options.EVENT_ID,
      capacity: options.CAPACITY,
      workers: options.WORKERS,
      workerConcurrency: options.WORKER_CONCURRENCY,
      maxReceiveCount: options.MAX_RECEIVE_COUNT,
      visibilityTimeoutSeconds: options.VISIBILITY_TIMEOUT_SECONDS,
      probe: `${options.PROBE_RATE}/s for ${options.PROBE_SECONDS} s`,
      ...(options.MUTANT ? { mutant: options.MUTANT } : {}),
    },
    environment: args.environment,
    verdicts: [...args.verdicts],
    valid: args.valid,
    ...(outcome.spike.summary ? { k6: outcome.spike.summary } : {}),
    // The runbook's event only: the identity probe runs on an event of its own.
    statusCounts: countValues(spikeRequests.map((r) => r.status)),
    resultCodeCounts: countValues(spikeRequests.map((r) => r.resultCode ?? 'NONE')),
    samples: outcome.samples.map(({ userId, requestId, read }) => ({
      requestId,
      userId,
      status: read.status,
      ...('resultCode' in read && read.resultCode ? { resultCode: read.resultCode } : {}),
      ...('requestedAt' in read && read.requestedAt ? { requestedAt: read.requestedAt } : {}),
      ...('queuedAt' in read && read.queuedAt ? { queuedAt: read.queuedAt } : {}),
      ...('startedAt' in read && read.startedAt ? { startedAt: read.startedAt } : {}),
      ...('finishedAt' in read && read.finishedAt ? { finishedAt: read.finishedAt } : {}),
    })),
    ...(Number.isFinite(workerOffP95Ms) && Number.isFinite(drainingP95Ms)
      ? {
          latency: {
            workerOffP95Ms,
            drainingP95Ms,
            ratio: drainingP95Ms / workerOffP95Ms,
            goal: 1.2 as const,
          },
        }
      : {}),
    ...(outcome.drainedAt ? { drainMs: outcome.drainedAt - outcome.workerStartedAt } : {}),
    peakQueueDepth: Math.max(0, ...offSamples.map((s) => s.visible + s.notVisible)),
    phases: outcome.history.phases,
    failedSteps: outcome.failedSteps,
    notes: [
      'Ingest latency is compared on the same light constant load (the probe) with the worker off and while it ' +
        'drains; the spike itself is reported in the load table.',
      'All emulators, ingest, worker and the load tool share one 2-core machine here: the worker competes with ingest for ' +
        'CPU and for the one embedded DynamoDB engine, which a real deployment does not.',
      ...outcome.notes,
    ],
  };
}
