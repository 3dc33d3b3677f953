/**
 * The G0 runbook as phases (Jepsen style: load, heal, wait for recovery, final reads):
 *
 *   setup      the system (the reference services by default), capacity fixtures, worker OFF
 *              (asserted)
 *   samples    3-5 named users participate; their requestIds are kept (the Postman step);
 *              the identity probe names other users in a body, a query and a header
 *   spike      the load driver (or a k6 the user brought) while the sampler records depth
 *              and capacityRemaining
 *   probe-off  a light constant load, worker still off (ingest latency baseline)
 *   drain      worker ON + the same light load; wait until every request is final
 *   final      sample reads through GET /requests/{id} (each must be final and equal the table),
 *              the identity probe's reads, worker stopped, table + DLQ read
 */
import type { AccessProbe, History, ParticipateOperation } from '../../invariants/history';
import type { LiveHistory } from '../../invariants/history-writer';
import { isFinalStatus, type Status } from '../../services/common';
import type { LoadParameters } from '../load/load-plan';
import { type LoadTool, runLoadPhase } from '../load/load-tool';
import { type LoadRun, THRESHOLDS_CROSSED_EXIT } from '../load/run-load';
import { readIdentityProbes, sendIdentityClaims } from '../runner/access-probe';
import { collectFinalState, observeRequests } from '../runner/final-state';
import type { Progress } from '../runner/progress';
import { readQueueDepth, startQueueSampler } from '../runner/queue-sampler';
import { runParameters } from '../runner/run-history';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import { requestIdOf } from '../system/answer-shape';
import { participateThrough, readRequest } from '../system/participate-client';
import type { SystemUnderTest } from '../system/system-under-test';
import type { G0Options } from './options';

export interface G0Context {
  readonly options: G0Options;
  readonly system: SystemUnderTest;
  readonly progress: Progress;
  readonly runDir: string;
  readonly loadTool: LoadTool;
  readonly runTag: string;
  /** The run's history written as it goes: operations and samples are collected into its lists. */
  readonly history?: LiveHistory;
}

export interface SampleRead {
  readonly userId: string;
  readonly requestId: string;
  readonly read: Awaited<ReturnType<typeof readRequest>>;
}

export interface G0Outcome {
  readonly history: History;
  readonly spike: LoadRun;
  readonly probeOff: LoadRun;
  readonly probeDrain: LoadRun;
  readonly samples: readonly SampleRead[];
  readonly workerStartedAt: number;
  readonly drainedAt: number | undefined;
  readonly failedSteps: string[];
  readonly notes: string[];
}

export async function runG0(context: G0Context): Promise<G0Outcome> {
  const { options, system, progress } = context;
  const { resources, clients } = system;
  const failedSteps: string[] = [];
  const notes: string[] = [];

  const depth = await readQueueDepth(clients, resources.mainQueueUrl);
  if (system.worker.running > 0 || depth.visible + depth.notVisible + depth.delayed > 0) {
    throw new Error('g0: the worker must be off and the queue empty before the spike (runbook step 0-3)');
  }
  progress.say('worker is off (none started), main queue is empty');

  let workerRunning = false;
  const sampler = startQueueSampler(
    {
      clients,
      tableName: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      eventId: options.EVENT_ID,
    },
    {
      intervalMs: options.SAMPLE_INTERVAL_MS,
      phase: () => progress.currentPhase,
      workerRunning: () => workerRunning,
      ...(context.history === undefined ? {} : { into: context.history.list('sample') }),
    },
  );
  const operations: ParticipateOperation[] = context.history?.list('operation') ?? [];

  // The identity probe participates in an event of its own: the spike's seats stay the spike's.
  const probeEventId = `${options.EVENT_ID}-PROBE`.slice(0, 64);
  await system.seedEvent(options.EVENT_ID, options.CAPACITY);
  await system.seedEvent(probeEventId, 10);
  const probeTarget = {
    baseUrl: system.ingestUrl,
    tokenFor: (userId: string) => system.tokenFor(userId),
    requestIdOf: (body: unknown) => requestIdOf(body, system.answers),
    surfaces: system.surfaces,
  };

  progress.phase('samples', `${options.SAMPLE_USERS} named users participate before the spike`);
  const sampleUsers = Array.from(
    { length: options.SAMPLE_USERS },
    (_, i) => `sample-${context.runTag}-${i + 1}`,
  );
  for (const userId of sampleUsers) {
    const operation = await participateThrough(system, userId, options.EVENT_ID, 'samples');
    operations.push(operation);
    progress.say(
      `  ${userId}: HTTP ${operation.httpStatus ?? 'no answer'} requestId=${operation.requestId ?? '-'}`,
    );
  }

  const claims = await sendIdentityClaims(probeTarget, probeEventId, context.runTag);
  operations.push(...claims.operations);
  progress.say(
    `  identity probe: ${claims.probes.length} participations naming ${claims.victim} elsewhere than the token`,
  );

  const load = (label: string, parameters: LoadParameters) =>
    runLoadPhase(context.loadTool, {
      label,
      parameters,
      baseUrl: options.LOAD_BASE_URL ?? system.ingestUrl,
      eventId: options.EVENT_ID,
      runTag: context.runTag,
      runDir: context.runDir,
      // Every virtual user's token the system's way (login route, signed, or a command).
      tokenFor: system.tokenFor,
      onLine: (line) => progress.say(`  ${label} | ${line}`),
    });

  progress.phase(
    'spike',
    `${context.loadTool.name} ${options.LOAD_MODE}: ${options.VUS} VUs for ${options.DURATION}, worker off`,
  );
  const spike = await load('spike', {
    mode: options.LOAD_MODE,
    vus: options.VUS,
    duration: options.DURATION,
    rate: options.RATE,
  });
  operations.push(...spike.operations);
  progress.say(
    `spike done: ${spike.operations.length} participations recorded, ${spike.tool} exit ${spike.exitCode}`,
  );
  // A spike with no accepted participation, or whose load tool did not run to its end, is a failed step
  // whatever the checkers later make of the rest (exit 99 is only the thresholds crossed).
  if (
    !spike.operations.some((operation) => operation.type === 'ok') ||
    !spike.summary ||
    (spike.exitCode !== 0 && spike.exitCode !== THRESHOLDS_CROSSED_EXIT)
  )
    failedSteps.push('spike');

  progress.phase('probe-off', `constant ${options.PROBE_RATE}/s for ${options.PROBE_SECONDS} s, worker off`);
  const probeOff = await load('probe-off', probeParameters(options));
  operations.push(...probeOff.operations);
  const beforeWorker = await observeRequests(clients, resources.tableName);
  const peak = sampler.latest();
  progress.say(`queue depth before the worker: ${peak ? peak.visible + peak.notVisible : '?'}`);
  if (!peak || peak.visible + peak.notVisible === 0) failedSteps.push('depth-rise');

  progress.phase(
    'drain',
    `worker on (${options.WORKERS} process(es)) with the same ${options.PROBE_RATE}/s load`,
  );
  const workerStartedAt = Date.now();
  workerRunning = true;
  await Promise.all(Array.from({ length: options.WORKERS }, () => system.worker.start()));
  const probeDrain = await load('probe-drain', probeParameters(options));
  operations.push(...probeDrain.operations);
  const { finalAt: drainedAt } = await waitUntilAllFinal({
    clients,
    tableName: resources.tableName,
    mainQueueUrl: resources.mainQueueUrl,
    timeoutMs: options.DRAIN_TIMEOUT_SECONDS * 1000,
    say: progress.say,
  });
  if (drainedAt === undefined) failedSteps.push('drain');

  progress.phase('final', 'sample reads, worker stopped, table and DLQ read');
  const samples: SampleRead[] = [];
  for (const operation of operations.filter((op) => op.process === 'samples' && op.requestId)) {
    const read = await readRequest(
      system.ingestUrl,
      await system.tokenFor(operation.userId),
      operation.requestId ?? '',
    );
    samples.push({ userId: operation.userId, requestId: operation.requestId ?? '', read });
    // Runbook step: every sample reads a final status (checked against the table below).
    if (!isFinalStatus(read.status as Status)) failedSteps.push(`sample-not-final:${operation.requestId}`);
    progress.say(
      `  ${operation.requestId}: ${read.status}${'resultCode' in read && read.resultCode ? ` / ${read.resultCode}` : ''}`,
    );
  }
  const accessProbes: AccessProbe[] = [...claims.probes, ...(await readIdentityProbes(probeTarget, claims))];
  await system.worker.stop();
  workerRunning = false;
  const samplesRecorded = await sampler.stop();
  const { final, malformed } = await collectFinalState(clients, resources);
  if (malformed.length > 0)
    notes.push(`${malformed.length} table item(s) did not match their schema; see history.json`);
  progress.endPhase();

  for (const sample of samples) {
    const item = final.requests.find((request) => request.requestId === sample.requestId);
    if (item && item.status !== sample.read.status) failedSteps.push(`sample-differs:${sample.requestId}`);
  }
  const capacityAfter = final.capacities.find((c) => c.eventId === options.EVENT_ID)?.capacityRemaining;
  if (options.CAPACITY > 0 && capacityAfter === options.CAPACITY) failedSteps.push('table-unchanged');
  if (spike.summary && spike.summary.failedRate >= 0.01) failedSteps.push('http');

  return {
    history: {
      parameters: runParameters(system, options.EVENT_ID, options.CAPACITY),
      operations,
      observations: beforeWorker,
      samples: samplesRecorded,
      phases: progress.phases,
      final,
      accessProbes,
    },
    spike,
    probeOff,
    probeDrain,
    samples,
    workerStartedAt,
    drainedAt,
    failedSteps,
    notes,
  };
}

/** The run's parameters, known once the system is open: the live history's header carries them. */
function probeParameters(options: G0Options): LoadParameters {
  return {
    mode: 'probe',
    rate: options.PROBE_RATE,
    duration: `${options.PROBE_SECONDS}s`,
    vus: Math.max(10, options.PROBE_RATE * 2),
  };
}
