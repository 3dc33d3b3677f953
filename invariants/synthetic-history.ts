/**
 * A correct history of any size, for the checker benchmark and the 1M-request tests. Built in one
 * pass per request with a seeded generator, so that a test can break one record of a 1M history
 * and know every other verdict still holds.
 *
 *   T0 ........ spike (worker off): sends, 202s, QUEUED ........ WORKER_ON ... drain ... DRAINED
 *   |  sentAt < requestedAt < queuedAt < answer time            |  startedAt < finishedAt  |
 *   |  samples: depth rises, capacityRemaining = N              |  depth falls to 0        |
 *
 * The worker takes the backlog almost in order (a standard queue gives no order guarantee: each
 * request moves by up to `reorderWindow` places), the first N seats go to the first N requests
 * it acquires, the rest are REJECTED. Some users ask twice and get the same requestId back; a
 * share of messages is poison (dead-lettered, then FAILED_FINAL), half of them with a body too
 * broken to parse, named in the DLQ only by the requestId inside it.
 */
import {
  type CapacityItem,
  capacityKey,
  EventType,
  eventPartition,
  lockKey,
  queuedIndexKeys,
  type RequestItem,
  ResultCode,
  requestKey,
  Status,
  type StatusLogItem,
  seededRandom,
  statusLogKey,
} from '../services/common';
import type { DeadLetter, History, ItemObservation, LockRecord, ParticipateOperation } from './history';
import { buildSamples, buildTimeline, SYNTHETIC_T0 } from './synthetic-timeline';

export const SYNTHETIC_EVENT_ID = 'evt-synthetic';
export { SYNTHETIC_T0 };

const DAY_SECONDS = 86_400;
const EVENT_PARTITION = eventPartition(SYNTHETIC_EVENT_ID);

export interface SyntheticOptions {
  /** Distinct requests (one per user). */
  readonly requests: number;
  /** Seats N; default a tenth of the requests (at least 1). */
  readonly capacity?: number;
  /** Share of users who send a second participation and get the same requestId. */
  readonly duplicateShare?: number;
  /** Share of requests whose message is poison. */
  readonly poisonShare?: number;
  readonly maxReceiveCount?: number;
  /** How many places the worker may take a request early or late. */
  readonly reorderWindow?: number;
  readonly spikeMs?: number;
  readonly drainMs?: number;
  readonly seed?: number;
}

/** Request number n (0-based) as a valid v4-shaped UUID. */
export function syntheticRequestId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export function syntheticUserId(n: number): string {
  return `u${n}`;
}

export function buildSyntheticHistory(options: SyntheticOptions): History {
  const n = options.requests;
  const capacity = options.capacity ?? Math.max(1, Math.floor(n / 10));
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const spikeMs = options.spikeMs ?? 60_000;
  const drainMs = options.drainMs ?? 60_000;
  const workerOnAt = SYNTHETIC_T0 + spikeMs + 5_000;
  const random = seededRandom(options.seed ?? 1);
  const timeline = buildTimeline(n, capacity, options, { spikeMs, drainMs, workerOnAt }, random);

  const requests: RequestItem[] = [];
  const locks: LockRecord[] = [];
  const statusLogs: StatusLogItem[] = [];
  const observations: ItemObservation[] = [];
  const operations: ParticipateOperation[] = [];
  const deadLetters: DeadLetter[] = [];
  const poisonRequestIds: string[] = [];
  const duplicateShare = options.duplicateShare ?? 0.05;
  const observedAt = SYNTHETIC_T0 + spikeMs + 1_000;
  const logSortKeys = new LogSortKeys();

  for (let i = 0; i < n; i++) {
    const requestId = flat(syntheticRequestId(i));
    const userId = syntheticUserId(i);
    const PK = flat(requestKey(requestId).PK);
    const requestedAt = at(timeline.requestedAt, i);
    const queuedAt = requestedAt + 1;
    const finishedAt = at(timeline.finishedAt, i);
    const poison = timeline.poison[i] === 1;
    const startedAt = poison ? undefined : at(timeline.startedAt, i);
    const status = poison
      ? Status.FAILED_FINAL
      : timeline.succeeded[i] === 1
        ? Status.SUCCEEDED
        : Status.REJECTED;
    const resultCode = poison
      ? ResultCode.FAILED_WORKER
      : status === Status.SUCCEEDED
        ? ResultCode.SUCCESS
        : ResultCode.REJECTED_CAPACITY;
    const indexKeys = queuedIndexKeys({ requestId, eventId: SYNTHETIC_EVENT_ID, userId, queuedAt });
    const idempotencyKey = flat(lockKey(SYNTHETIC_EVENT_ID, userId).PK);
    const sortKey = flat(indexKeys.GSI2SK);
    // Plain literals with every field in one order: V8 gives them one compact shape, which is
    // what keeps a 1M-request history inside the benchmark's memory budget.
    requests.push({
      PK,
      SK: 'META',
      entityType: 'REQUEST',
      requestId,
      eventId: SYNTHETIC_EVENT_ID,
      userId,
      eventType: EventType.FIRST_COME,
      status,
      resultCode,
      requestedAt,
      queuedAt,
      startedAt,
      finishedAt,
      attempt: poison ? 0 : 1,
      idempotencyKey,
      ttl: Math.floor(requestedAt / 1000) + 90 * DAY_SECONDS,
      GSI1PK: indexKeys.GSI1PK,
      GSI1SK: sortKey,
      GSI2PK: EVENT_PARTITION,
      GSI2SK: sortKey,
    });
    locks.push({
      PK: idempotencyKey,
      SK: 'LOCK',
      entityType: 'IDEMPOTENCY',
      requestId,
      createdAt: requestedAt,
      ttl: Math.floor(requestedAt / 1000) + 7 * DAY_SECONDS,
      eventId: SYNTHETIC_EVENT_ID,
      userId,
    });
    const steps: [Status | null, Status, number, number][] = poison
      ? [
          [null, Status.RECEIVED, requestedAt, 0],
          [Status.RECEIVED, Status.QUEUED, queuedAt, 0],
          [Status.QUEUED, Status.FAILED_FINAL, finishedAt, 0],
        ]
      : [
          [null, Status.RECEIVED, requestedAt, 0],
          [Status.RECEIVED, Status.QUEUED, queuedAt, 0],
          [Status.QUEUED, Status.PROCESSING, startedAt ?? finishedAt, 1],
          [Status.PROCESSING, status, finishedAt, 1],
        ];
    for (const [fromStatus, toStatus, occurredAt, logAttempt] of steps) {
      statusLogs.push({
        PK,
        SK: logSortKeys.of(requestId, occurredAt, toStatus),
        entityType: 'STATUS_LOG',
        fromStatus,
        toStatus,
        occurredAt,
        attempt: logAttempt,
        ttl: Math.floor(occurredAt / 1000) + 30 * DAY_SECONDS,
      });
    }
    // G0 reads every request once while the worker is still off.
    observations.push({
      time: observedAt + Math.floor((i * 3_000) / n),
      requestId,
      status: Status.QUEUED,
      queuedAt,
      GSI2SK: sortKey,
    });
    const sentAt = at(timeline.sentAt, i);
    const answeredAt = at(timeline.answeredAt, i);
    operations.push(okOperation(userId, requestId, sentAt, answeredAt));
    if (random() < duplicateShare) {
      const againAt = answeredAt + 1 + Math.floor(random() * 2_000);
      operations.push(okOperation(userId, requestId, againAt, againAt + 5));
    }
    if (poison) {
      poisonRequestIds.push(requestId);
      const parseable = deadLetters.length % 2 === 0;
      deadLetters.push({
        messageId: `msg-${i}`,
        body: parseable
          ? JSON.stringify({ schemaVersion: 99, requestId, eventId: SYNTHETIC_EVENT_ID, userId })
          : `{"requestId":"${requestId}", not json`,
        receiveCount: maxReceiveCount + 1,
        ...(parseable ? { requestId } : {}),
      });
    }
  }

  const succeeded = timeline.succeeded.reduce((sum, s) => sum + s, 0);
  const capacityItem: CapacityItem = {
    ...capacityKey(SYNTHETIC_EVENT_ID),
    SK: 'CAPACITY',
    entityType: 'CAPACITY',
    eventId: SYNTHETIC_EVENT_ID,
    eventType: EventType.FIRST_COME,
    capacityTotal: capacity,
    capacityRemaining: capacity - succeeded,
    updatedAt: workerOnAt + drainMs,
  };
  const drainedAt = workerOnAt + drainMs + 2_000;
  return {
    parameters: { eventId: SYNTHETIC_EVENT_ID, capacity, maxReceiveCount },
    operations,
    observations,
    samples: buildSamples(timeline, capacity, workerOnAt, drainedAt),
    phases: [
      { name: 'setup', startedAt: SYNTHETIC_T0 - 2_000, endedAt: SYNTHETIC_T0 },
      { name: 'spike', startedAt: SYNTHETIC_T0, endedAt: workerOnAt },
      { name: 'drain', startedAt: workerOnAt, endedAt: drainedAt },
    ],
    ...(poisonRequestIds.length > 0 ? { poisonRequestIds } : {}),
    // The identity probe a G0 run sends (I13), answered as the contract says.
    accessProbes: [
      {
        kind: 'foreign-read',
        subject: syntheticUserId(1),
        path: `/requests/${syntheticRequestId(0)}`,
        httpStatus: 404,
        time: SYNTHETIC_T0 - 500,
      },
      {
        kind: 'user-on-admin',
        subject: syntheticUserId(1),
        path: '/admin/events',
        httpStatus: 403,
        time: SYNTHETIC_T0 - 400,
      },
    ],
    final: {
      requests,
      locks,
      capacities: [capacityItem],
      statusLogs,
      deadLetters,
      mainQueueDepth: { visible: 0, notVisible: 0 },
    },
  };
}

/**
 * The same text as one flat string. Keys built by template concatenation are rope strings in V8
 * (a node per piece, ~2.5x the bytes of the text); a 1M-request history holds ten million keys,
 * and a history read from a file holds flat strings, so the generator flattens them too.
 */
function flat(text: string): string {
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * One string per log SK text: LOG#<occurredAt>#<toStatus> does not name the request, and at 1M
 * requests a dozen logs share each one (the reader shares them the same way).
 */
class LogSortKeys {
  private readonly byStatus = new Map<Status, Map<number, string>>();

  of(requestId: string, occurredAt: number, toStatus: Status): string {
    let byTime = this.byStatus.get(toStatus);
    if (byTime === undefined) {
      byTime = new Map();
      this.byStatus.set(toStatus, byTime);
    }
    let SK = byTime.get(occurredAt);
    if (SK === undefined) {
      SK = flat(statusLogKey(requestId, occurredAt, toStatus).SK);
      byTime.set(occurredAt, SK);
    }
    return SK;
  }
}

function at(values: Float64Array, i: number): number {
  return values[i] ?? 0;
}

function okOperation(userId: string, requestId: string, sentAt: number, time: number): ParticipateOperation {
  return {
    f: 'participate',
    process: 'load',
    eventId: SYNTHETIC_EVENT_ID,
    userId,
    type: 'ok',
    httpStatus: 202,
    requestId,
    bodyHasStatus: false,
    sentAt,
    time,
    latencyMs: time - sentAt,
  };
}
