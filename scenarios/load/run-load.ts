/**
 * The harness's own load driver: runs one phase (spike, open, probe or storm) against ingest's
 * public HTTP API, records every iteration as it happens, prints live progress, and ends with a
 * k6-like summary judged against the thresholds, written into the run folder.
 *
 *   plan (load-plan) -> model (closed / open) -> iteration (token -> participate)
 *        -> record (load-record) -> recorder: operation into the phase's list (`into`, a live
 *           history list writes it to history.ndjson at once), tally, <label>-records.ndjson
 *        -> summary + thresholds from the tally (printed, <label>-summary.json and .txt)
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ParticipateOperation } from '../../invariants/history';
import type { K6Summary } from '../../reports/run-report';
import type { TokenSource } from '../system/token-source';
import { createHttpTarget } from './http-target';
import { startLiveProgress } from './live-progress';
import { type LoadParameters, type LoadPlan, planFor, plannedMs, plannedVUs } from './load-plan';
import { type LoadRecord, recordFailedLogin } from './load-record';
import type { RecordBatch } from './load-worker';
import { createRecorder } from './recorder';
import { runShare, type ShareContext } from './run-share';
import { splitPlan } from './share';
import { runShareInWorkers } from './share-workers';
import { formatSummary, type LoadSummary, summarizeTally } from './summary';
import { fromTokenSource, sessionLogin } from './token-provider';

export interface LoadRunOptions {
  readonly baseUrl: string;
  readonly eventId: string;
  /** Names the phase's files (<label>-records.ndjson, <label>-summary.json) and its operations. */
  readonly label: string;
  readonly parameters: LoadParameters;
  /** Makes every userId of the phase unique to this run. */
  readonly runTag: string;
  /** Where the records and the summary go; nothing is written without it. */
  readonly runDir?: string;
  /**
   * The list each operation is pushed into the moment its iteration ends, and the run's
   * `operations`: a run's live history list (`history.list('operation')`) so that a spike's
   * operations reach history.ndjson as they happen, thread records included. A new array by
   * default.
   */
  readonly into?: ParticipateOperation[];
  readonly timeoutMs?: number;
  readonly progressIntervalMs?: number;
  /** Event loops driving the phase (worker threads when more than one); see defaultThreads. */
  readonly threads?: number;
  /** How long, and for how many records, a worker thread holds records before it sends them. */
  readonly recordBatch?: RecordBatch;
  /**
   * The system's token source (how a runbook's system issues tokens); without it the driver
   * logs each user in at the spec's POST /auth/login itself (its tests and bench).
   */
  readonly tokenFor?: TokenSource;
  readonly onLine: (line: string) => void;
}

/** What a phase left, whichever tool ran it (the driver, or k6 with LOAD_TOOL=k6). */
export interface LoadRun {
  readonly tool: string;
  /** 0 thresholds passed, 99 crossed (k6's code), anything else: the tool could not run. */
  readonly exitCode: number;
  /** The phase's operations, in the order they were recorded (the `into` list when given). */
  readonly operations: ParticipateOperation[];
  /** The driver's is a LoadSummary (thresholds, CPU); k6's carries what its summary export has. */
  readonly summary: K6Summary | LoadSummary | undefined;
  readonly summaryFile: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** The driver always leaves its own summary. */
export interface DriverRun extends LoadRun {
  readonly summary: LoadSummary;
}

export const DRIVER_NAME = 'harness load driver';
export const THRESHOLDS_CROSSED_EXIT = 99;
const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * VUs one event loop drives before the phase is split over worker threads. Measured with the
 * bench (300 VUs against a trivial endpoint on this 2-core machine, busy with other runs): one
 * loop 0.37x wrk against 0.20x for two threads (and 0.33x / 0.16x / 0.06x for one, two, four
 * before requests went through dispatch); the records crossing threads and the threads' start-up
 * cost more than a second loop brings. In a G0 spike of 300 VUs the driver used 0.04 cores. So
 * the runbook's 300 VUs stay on one loop; threads are for far larger phases (`threads`).
 */
export const VUS_PER_THREAD = 1000;

/** One event loop per VUS_PER_THREAD VUs, at most one per core. */
export function defaultThreads(plan: LoadPlan): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(plannedVUs(plan) / VUS_PER_THREAD)));
}

export async function runLoad(options: LoadRunOptions): Promise<DriverRun> {
  const plan = planFor(options.parameters);
  const maxVUs = plannedVUs(plan);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const files = options.runDir
    ? {
        records: join(options.runDir, `${options.label}-records.ndjson`),
        summary: join(options.runDir, `${options.label}-summary.json`),
        text: join(options.runDir, `${options.label}-summary.txt`),
      }
    : undefined;
  const operations = options.into ?? [];
  const recorder = createRecorder(operations, files?.records);
  const tokens = options.tokenFor ? fromTokenSource(options.tokenFor) : sessionLogin;
  const startedAt = Date.now();
  const startedMono = performance.now();
  // When the VUs began (after any worker threads loaded): rates are taken from here.
  let drivingSinceMono = startedMono;
  const cpuBefore = process.cpuUsage();
  // Live counts per share (thread), for the progress line; the final dropped count is the models'.
  const activeByShare: number[] = [];
  const droppedByShare: number[] = [];
  const sum = (values: readonly number[]) => values.reduce((total, n) => total + n, 0);
  let dropped = 0;
  let unownedRequests = 0;
  const progress = startLiveProgress(
    options.progressIntervalMs ?? 5_000,
    () => ({
      elapsedMs: performance.now() - drivingSinceMono,
      plannedMs: plannedMs(plan),
      activeVUs: sum(activeByShare),
      maxVUs,
      complete: recorder.tally.iterations,
      failed: recorder.tally.failed,
      ...(plan.kind === 'open' ? { dropped: sum(droppedByShare) } : {}),
    }),
    options.onLine,
  );
  try {
    const base: Omit<ShareContext, 'startEpochMs'> & Partial<ShareContext> = {
      eventId: options.eventId,
      label: options.label,
      runTag: options.runTag,
    };
    let context = base;
    if (plan.kind === 'storm') {
      // The storm's one token, before any VU starts; every share then repeats its participation.
      const stormUserId = `${options.runTag}-${options.label}-storm`;
      const loginTarget = createHttpTarget({ baseUrl: options.baseUrl, timeoutMs });
      const got = await tokens(loginTarget.session(), stormUserId).finally(() => loginTarget.close());
      if ('failed' in got) {
        recorder.add(
          recordFailedLogin(
            { process: options.label, eventId: options.eventId, userId: stormUserId },
            got.failed,
            got.requests,
          ),
        );
      } else {
        unownedRequests = got.requests;
        context = { ...base, stormToken: got.token, stormUserId };
      }
    }
    if (plan.kind !== 'storm' || context.stormToken !== undefined) {
      const shares = splitPlan(plan, options.threads ?? defaultThreads(plan));
      const sinkFor = (i: number) => {
        activeByShare[i] = 0;
        droppedByShare[i] = 0;
        return {
          add: (record: LoadRecord) => recorder.add(record),
          active: (delta: number) => {
            activeByShare[i] = (activeByShare[i] ?? 0) + delta;
          },
          dropped: () => {
            droppedByShare[i] = (droppedByShare[i] ?? 0) + 1;
          },
          setCounts: (active: number, droppedSoFar: number) => {
            activeByShare[i] = active;
            droppedByShare[i] = droppedSoFar;
          },
        };
      };
      if (shares.length === 1) {
        const target = createHttpTarget({ baseUrl: options.baseUrl, timeoutMs });
        try {
          drivingSinceMono = performance.now();
          const result = await runShare(
            shares[0] as (typeof shares)[number],
            target,
            tokens,
            { ...context, startEpochMs: Date.now() },
            sinkFor(0),
          );
          dropped = result.dropped;
        } finally {
          await target.close();
        }
      } else {
        const results = await runShareInWorkers(
          shares.map((share, i) => ({ share, sink: sinkFor(i) })),
          {
            baseUrl: options.baseUrl,
            timeoutMs,
            context,
            ...(options.tokenFor ? { tokenFor: options.tokenFor } : {}),
            ...(options.recordBatch ? { batch: options.recordBatch } : {}),
          },
          (startEpochMs) => {
            drivingSinceMono = performance.now() + (startEpochMs - Date.now());
          },
        );
        dropped = results.reduce((sum, r) => sum + r.dropped, 0);
      }
    }
  } finally {
    progress.stop();
    await recorder.close();
  }
  const endedAt = Date.now();
  const elapsedMs = performance.now() - drivingSinceMono;
  // CPU over the whole phase, thread start-up included: what the driver cost the machine.
  const cpuMs = process.cpuUsage(cpuBefore);
  const phaseMs = performance.now() - startedMono;
  const summary = summarizeTally(recorder.tally, {
    tool: DRIVER_NAME,
    mode: options.parameters.mode,
    vus: options.parameters.vus,
    duration: options.parameters.duration,
    elapsedMs,
    dropped,
    extraRequests: unownedRequests,
    cpuCores: (cpuMs.user + cpuMs.system) / 1000 / phaseMs,
  });
  const printed = formatSummary(options.label, summary);
  for (const line of printed) options.onLine(line);
  if (files) {
    await writeFile(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
    // The report quotes this file as the driver printed it.
    await writeFile(files.text, `${printed.join('\n')}\n`);
  }
  return {
    tool: DRIVER_NAME,
    exitCode: summary.thresholds.every((t) => t.passed) ? 0 : THRESHOLDS_CROSSED_EXIT,
    operations,
    summary,
    summaryFile: files?.summary ?? '',
    startedAt,
    endedAt,
  };
}
