/**
 * The harness's own load driver: runs one phase (spike, open, probe or storm) against ingest's
 * public HTTP API, records every iteration as it happens, prints live progress, and ends with a
 * k6-like summary judged against the thresholds, written into the run folder.
 *
 *   plan (load-plan) -> model (closed / open) -> iteration (login -> participate)
 *        -> record (load-record) -> recorder (memory + <label>-records.ndjson)
 *        -> summary + thresholds (printed, <label>-summary.json and .txt)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParticipateOperation } from '../../invariants/history';
import type { K6Summary } from '../../reports/run-report';
import { runClosedModel } from './closed-model';
import { createHttpTarget, type LoadTarget } from './http-target';
import { startLiveProgress } from './live-progress';
import { type LoadParameters, planFor, plannedMs, plannedVUs } from './load-plan';
import { type IterationContext, recordFailedLogin, recordParticipation, tokenOf } from './load-record';
import { runOpenModel } from './open-model';
import { createRecorder, type Recorder } from './recorder';
import { formatSummary, type LoadSummary, summarize } from './summary';

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
  readonly timeoutMs?: number;
  readonly progressIntervalMs?: number;
  readonly onLine: (line: string) => void;
}

/** What a phase left, whichever tool ran it (the driver, or k6 with LOAD_TOOL=k6). */
export interface LoadRun {
  readonly tool: string;
  /** 0 thresholds passed, 99 crossed (k6's code), anything else: the tool could not run. */
  readonly exitCode: number;
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

export async function runLoad(options: LoadRunOptions): Promise<DriverRun> {
  const plan = planFor(options.parameters);
  const maxVUs = plannedVUs(plan);
  const target = createHttpTarget({
    baseUrl: options.baseUrl,
    connections: maxVUs,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const files = options.runDir
    ? {
        records: join(options.runDir, `${options.label}-records.ndjson`),
        summary: join(options.runDir, `${options.label}-summary.json`),
        text: join(options.runDir, `${options.label}-summary.txt`),
      }
    : undefined;
  const recorder = createRecorder(files?.records);
  const startedAt = Date.now();
  const startedMono = performance.now();
  const cpuBefore = process.cpuUsage();
  let active = 0;
  let dropped = 0;
  let unownedRequests = 0;
  const progress = startLiveProgress(
    options.progressIntervalMs ?? 5_000,
    () => ({
      elapsedMs: performance.now() - startedMono,
      plannedMs: plannedMs(plan),
      activeVUs: active,
      maxVUs,
      complete: recorder.records.length,
      failed: recorder.records.filter((r) => r.operation.type !== 'ok').length,
      ...(plan.kind === 'open' ? { dropped } : {}),
    }),
    options.onLine,
  );
  const context = (userId: string): IterationContext => ({
    process: options.label,
    eventId: options.eventId,
    userId,
  });
  const tracked = async (work: () => Promise<void>) => {
    active++;
    try {
      await work();
    } finally {
      active--;
    }
  };
  try {
    if (plan.kind === 'closed') {
      await runClosedModel({
        vus: plan.vus,
        durationMs: plan.durationMs,
        iterate: (vu, iteration) =>
          tracked(() =>
            loginAndParticipate(
              target,
              recorder,
              context(`${options.runTag}-${options.label}-${vu}-${iteration}`),
            ),
          ),
      });
    } else if (plan.kind === 'open') {
      const counts = await runOpenModel({
        startRate: plan.startRate,
        stages: plan.stages,
        maxVUs: plan.maxVUs,
        onDropped: () => dropped++,
        iterate: (arrival) =>
          tracked(() =>
            loginAndParticipate(target, recorder, {
              ...context(`${options.runTag}-${options.label}-a${arrival.index}`),
              intended: { epochMs: arrival.epochMs, monotonicMs: arrival.monotonicMs },
            }),
          ),
      });
      dropped = counts.dropped;
    } else {
      unownedRequests = await runStorm(
        target,
        recorder,
        context(`${options.runTag}-${options.label}-storm`),
        plan,
        tracked,
      );
    }
  } finally {
    progress.stop();
    await target.close();
    await recorder.close();
  }
  const endedAt = Date.now();
  const elapsedMs = performance.now() - startedMono;
  const cpu = process.cpuUsage(cpuBefore);
  const summary = summarize(recorder.records, {
    tool: DRIVER_NAME,
    mode: options.parameters.mode,
    vus: options.parameters.vus,
    duration: options.parameters.duration,
    elapsedMs,
    dropped,
    extraRequests: unownedRequests,
    cpuCores: (cpu.user + cpu.system) / 1000 / elapsedMs,
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
    operations: recorder.records.map((r) => r.operation),
    summary,
    summaryFile: files?.summary ?? '',
    startedAt,
    endedAt,
  };
}

/** One iteration of the spike, open and probe phases: a fresh user logs in and participates. */
async function loginAndParticipate(target: LoadTarget, recorder: Recorder, context: IterationContext) {
  const login = await target.login(context.userId);
  const token = tokenOf(login);
  if (token === undefined) {
    recorder.add(recordFailedLogin(context, login));
    return;
  }
  const answer = await target.participate(context.eventId, token);
  recorder.add(recordParticipation(context, answer));
}

/**
 * The duplicate storm: one user logs in once, then every VU repeats that user's participation
 * for the duration. Every answer must carry the same requestId (I2), and ingest must stay cheap.
 * Answers the number of requests no record owns: the shared login, once it succeeded.
 */
async function runStorm(
  target: LoadTarget,
  recorder: Recorder,
  context: IterationContext,
  plan: { vus: number; durationMs: number },
  tracked: (work: () => Promise<void>) => Promise<void>,
): Promise<number> {
  const login = await target.login(context.userId);
  const token = tokenOf(login);
  if (token === undefined) {
    recorder.add(recordFailedLogin(context, login));
    return 0;
  }
  await runClosedModel({
    vus: plan.vus,
    durationMs: plan.durationMs,
    iterate: () =>
      tracked(async () => {
        const answer = await target.participate(context.eventId, token);
        recorder.add(recordParticipation(context, answer, 0));
      }),
  });
  return 1;
}
