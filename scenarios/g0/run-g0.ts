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
import type { AccessProbe } from '../../invariants/history';
import { isFinalStatus, type Status } from '../../services/common';
import type { LoadParameters } from '../load/load-plan';
import { loadPhaseFailed } from '../load/load-tool';
import type { LoadRun } from '../load/run-load';
import { readIdentityProbes, sendIdentityClaims } from '../runner/access-probe';
import { collectFinalState, observeRequests } from '../runner/final-state';
import { readQueueDepth } from '../runner/queue-sampler';
import { runParameters } from '../runner/run-history';
import {
  drainAll,
  operationList,
  type RunbookContext,
  type RunbookOutcome,
  runPhase,
  sampleQueues,
} from '../runner/runbook-context';
import { requestIdOf } from '../system/answer-shape';
import { participateThrough, readRequest } from '../system/participate-client';
import type { G0Options } from './options';

export type G0Context = RunbookContext<G0Options>;

export interface SampleRead {
  readonly userId: string;
  readonly requestId: string;
  readonly read: Awaited<ReturnType<typeof readRequest>>;
}

export interface G0Outcome extends RunbookOutcome {
  readonly probeOff: LoadRun;
  readonly probeDrain: LoadRun;
  readonly samples: readonly SampleRead[];
  readonly workerStartedAt: number;
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
  const sampler = sampleQueues(context, options.EVENT_ID, options.SAMPLE_INTERVAL_MS, () => workerRunning);
  // The samples' and the identity probe's operations; each load phase has a list of its own.
  const operations = operationList(context);

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
    runPhase(context, { label, parameters, eventId: options.EVENT_ID, baseUrl: options.LOAD_BASE_URL });

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
  progress.say(
    `spike done: ${spike.operations.length} participations recorded, ${spike.tool} exit ${spike.exitCode}`,
  );
  if (loadPhaseFailed(spike)) failedSteps.push('spike');

  progress.phase('probe-off', `constant ${options.PROBE_RATE}/s for ${options.PROBE_SECONDS} s, worker off`);
  const probeOff = await load('probe-off', probeParameters(options));
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
  const drainedAt = await drainAll(context, options.DRAIN_TIMEOUT_SECONDS);
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
      // In the order they were sent: the samples and the probe, then each load phase.
      operations: [...operations, ...spike.operations, ...probeOff.operations, ...probeDrain.operations],
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

/** The light constant load of the probe phases (the decoupling ratio). */
function probeParameters(options: G0Options): LoadParameters {
  return {
    mode: 'probe',
    rate: options.PROBE_RATE,
    duration: `${options.PROBE_SECONDS}s`,
    vus: Math.max(10, options.PROBE_RATE * 2),
  };
}
