/**
 * A model of one FIRST_COME event (N seats) and a few requests, the real handler it stands for
 * (on the embedded stack's DynamoDB, ministack, started by test/global-setup.ts), and the check
 * that the table agrees with the model. The commands that drive both are in handler-commands.ts.
 *
 *   model:  QUEUED --acquire (attempt+1, lease)--> PROCESSING --seat?--> SUCCEEDED | REJECTED
 *                                                   |  lease over: a later delivery takes over
 *   a paused attempt resumes:  still mine? finish : leave (stale, nothing written)
 */
import { expect } from 'vitest';
import { isFinalStatus, type RequestItem, Status } from '../../services/common';
import { toQueueMessage } from '../../services/ingest/participate';
import { type HandleOutcome, handleMessage } from '../../services/worker/message-handler';
import {
  type Checkpoint,
  type CrashPoint,
  noCheckpoint,
  SimulatedCrashError,
} from '../../services/worker/ports';
import { noPublisher } from '../../services/worker/publisher';
import { silentLogger, type TestEnvironment } from '../harness';
import { expectSound, readRequestAudit } from './request-audit';

export const LEASE_MS = 30_000;

// ---- the model ---------------------------------------------------------------------------------

export interface ModelRequest {
  status: Status;
  attempt: number;
  leaseExpiresAt: number | undefined;
  queuedAt: number | undefined;
  startedAt: number | undefined;
}

export interface HandlerModel {
  now: number;
  readonly capacityTotal: number;
  capacityRemaining: number;
  readonly requests: ModelRequest[];
  /** Deliveries frozen after their acquire, oldest first, with the attempt each one holds. */
  readonly paused: { index: number; attempt: number }[];
}

type Step = { kind: 'answer'; outcome: string } | { kind: 'acquire' };

/** What a delivery does first, read off the model (message-handler.ts's decision table). */
export function nextStep(model: HandlerModel, index: number): Step {
  const request = model.requests[index] as ModelRequest;
  if (isFinalStatus(request.status)) return { kind: 'answer', outcome: 'delete:already-final' };
  if (request.status === Status.RECEIVED) return { kind: 'answer', outcome: 'requeue:NOT_YET_QUEUED' };
  if (request.status === Status.PROCESSING && (request.leaseExpiresAt ?? 0) >= model.now) {
    return { kind: 'answer', outcome: 'requeue:LEASE_HELD' };
  }
  return { kind: 'acquire' };
}

export function acquire(model: HandlerModel, index: number): number {
  const request = model.requests[index] as ModelRequest;
  request.status = Status.PROCESSING;
  request.attempt += 1;
  request.leaseExpiresAt = model.now + LEASE_MS;
  request.startedAt ??= model.now;
  return request.attempt;
}

/** The FIRST_COME transaction of the attempt that holds `attempt`; stale if it no longer does. */
export function finish(
  model: HandlerModel,
  index: number,
  attempt: number,
): 'succeeded' | 'rejected' | 'stale' {
  const request = model.requests[index] as ModelRequest;
  if (request.status !== Status.PROCESSING || request.attempt !== attempt) return 'stale';
  request.leaseExpiresAt = undefined;
  if (model.capacityRemaining > 0) {
    model.capacityRemaining -= 1;
    request.status = Status.SUCCEEDED;
    return 'succeeded';
  }
  request.status = Status.REJECTED;
  return 'rejected';
}

/** One whole delivery in the model; returns the answer the handler must give. */
export function deliverInModel(model: HandlerModel, index: number): string {
  const step = nextStep(model, index);
  if (step.kind === 'answer') return step.outcome;
  return `delete:${finish(model, index, acquire(model, index))}`;
}

// ---- the real system ---------------------------------------------------------------------------

export interface HandlerReal {
  readonly env: TestEnvironment;
  readonly eventId: string;
  readonly requests: readonly RequestItem[];
  readonly clock: { t: number };
  /** The same frozen deliveries, in the same order as the model's. */
  readonly paused: { release: () => void; outcome: Promise<HandleOutcome> }[];
  /** What each request looked like at the last check: attempt and queuedAt may never go back. */
  readonly lastSeen: Map<
    number,
    { attempt: number; queuedAt: number | undefined; GSI2SK: string | undefined }
  >;
  deliveries: number;
}

export const describeOutcome = (outcome: HandleOutcome) => `${outcome.action}:${outcome.reason}`;

export function deliver(real: HandlerReal, index: number, checkpoint: Checkpoint = noCheckpoint) {
  const request = real.requests[index] as RequestItem;
  const delivery = ++real.deliveries;
  return handleMessage(
    {
      store: real.env.store,
      clock: { now: () => real.clock.t },
      workerId: `worker-${delivery}`,
      leaseMs: LEASE_MS,
      publisher: noPublisher,
      checkpoint,
      logger: silentLogger,
    },
    { body: JSON.stringify(toQueueMessage(request)), receiveCount: 1, messageId: `message-${delivery}` },
  );
}

export const crashAt =
  (point: CrashPoint): Checkpoint =>
  (reached) => {
    if (reached === point) throw new SimulatedCrashError(point);
  };

/** The delivery stops dead at its crash point, as a killed worker would: nothing after it runs. */
export async function expectCrash(delivery: Promise<HandleOutcome>): Promise<void> {
  await expect(delivery).rejects.toBeInstanceOf(SimulatedCrashError);
}

/** The model's and the handler's clocks move together. */
export function tick(model: HandlerModel, real: HandlerReal, ms: number) {
  model.now += ms;
  real.clock.t += ms;
}

/** The table agrees with the model, and every request and the seats obey the contract. */
export async function checkTableAgrees(model: HandlerModel, real: HandlerReal): Promise<void> {
  const [audits, seats] = await Promise.all([
    Promise.all(
      real.requests.map((r) => readRequestAudit(real.env.clients, real.env.resources.tableName, r.requestId)),
    ),
    real.env.store.getCapacity(real.eventId),
  ]);
  for (const [index, audit] of audits.entries()) {
    const expected = model.requests[index] as ModelRequest;
    const item = audit.item;
    expectSound(audit, `request ${index}`);
    expect(
      {
        status: item?.status,
        attempt: item?.attempt,
        queuedAt: item?.queuedAt,
        startedAt: item?.startedAt,
        leaseExpiresAt: item?.status === Status.PROCESSING ? item.leaseExpiresAt : undefined,
      },
      `request ${index} against the model`,
    ).toEqual({
      status: expected.status,
      attempt: expected.attempt,
      queuedAt: expected.queuedAt,
      startedAt: expected.startedAt,
      leaseExpiresAt: expected.status === Status.PROCESSING ? expected.leaseExpiresAt : undefined,
    });
    if (item?.status === Status.SUCCEEDED) expect(item.resultCode).toBe('SUCCESS');
    if (item?.status === Status.REJECTED) expect(item.resultCode).toBe('REJECTED_CAPACITY');
    const before = real.lastSeen.get(index);
    if (before && item) {
      expect(item.attempt, `request ${index}: attempt went back`).toBeGreaterThanOrEqual(before.attempt);
      if (before.queuedAt !== undefined) {
        expect(
          { queuedAt: item.queuedAt, GSI2SK: item.GSI2SK },
          `request ${index}: queuedAt changed`,
        ).toEqual({
          queuedAt: before.queuedAt,
          GSI2SK: before.GSI2SK,
        });
      }
    }
    if (item)
      real.lastSeen.set(index, { attempt: item.attempt, queuedAt: item.queuedAt, GSI2SK: item.GSI2SK });
  }
  const succeeded = audits.filter((audit) => audit.item?.status === Status.SUCCEEDED).length;
  expect(succeeded, 'SUCCEEDED above capacity').toBeLessThanOrEqual(model.capacityTotal);
  expect(seats?.capacityRemaining, 'capacityRemaining = N - SUCCEEDED').toBe(model.capacityTotal - succeeded);
  expect(seats?.capacityRemaining, 'capacityRemaining against the model').toBe(model.capacityRemaining);
}
