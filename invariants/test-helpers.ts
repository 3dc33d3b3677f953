/**
 * Factories for consistent histories, so that each test breaks exactly one thing on purpose.
 *
 * buildRequestTrail walks a request along a path of statuses and returns what a correct pipeline
 * leaves behind: the item, its status logs, its lock and the observations of each step.
 * buildRunHistory assembles a whole run of the G0 shape:
 *
 *   T0                         WORKER_ON_AT                          DRAINED_AT
 *   |-- spike, worker off: 202s, depth rises --|-- worker drains: N SUCCEEDED, rest REJECTED --|
 */
import {
  type CapacityItem,
  capacityKey,
  EventType,
  isFinalStatus,
  lockKey,
  queuedIndexKeys,
  type RequestItem,
  ResultCode,
  requestKey,
  Status,
  type StatusLogItem,
  statusLogKey,
} from '../services/common';
import type {
  DeadLetter,
  FinalState,
  History,
  ItemObservation,
  LockRecord,
  ParticipateOperation,
  QueueSample,
} from './history';

export const EVENT_ID = 'evt-g0';
export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const WORKER_ON_AT = T0 + 60_000;
export const DRAINED_AT = T0 + 120_000;
const DAY_SECONDS = 86_400;

/** A valid v4-shaped UUID that is easy to read in a failing test: request n. */
export function requestIdFor(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

export interface TrailInput {
  readonly requestId: string;
  readonly userId: string;
  readonly eventId?: string;
  /** Statuses in order, starting with RECEIVED. */
  readonly path: readonly Status[];
  /** When each step happened (one per path entry); default 5 ms apart from T0. */
  readonly times?: readonly number[];
  readonly resultCode?: ResultCode;
}

export interface RequestTrail {
  readonly request: RequestItem;
  readonly logs: StatusLogItem[];
  readonly lock: LockRecord;
  readonly observations: ItemObservation[];
}

export function buildRequestTrail(input: TrailInput): RequestTrail {
  const { requestId, userId, path, eventId = EVENT_ID } = input;
  const times = input.times ?? path.map((_, i) => T0 + i * 5);
  const requestedAt = times[0] ?? T0;
  const logs: StatusLogItem[] = [];
  const observations: ItemObservation[] = [];
  let from: Status | null = null;
  let attempt = 0;
  let stamps: { queuedAt?: number; startedAt?: number; finishedAt?: number } = {};
  for (const [i, to] of path.entries()) {
    const at = times[i] ?? requestedAt + i * 5;
    if (to === Status.PROCESSING) attempt++;
    if (to === Status.QUEUED) stamps = { ...stamps, queuedAt: at };
    if (to === Status.PROCESSING && stamps.startedAt === undefined) stamps = { ...stamps, startedAt: at };
    if (isFinalStatus(to)) stamps = { ...stamps, finishedAt: at };
    logs.push({
      ...statusLogKey(requestId, at, to),
      entityType: 'STATUS_LOG',
      fromStatus: from,
      toStatus: to,
      occurredAt: at,
      attempt,
      ttl: Math.floor(at / 1000) + 30 * DAY_SECONDS,
    });
    const indexKeys =
      stamps.queuedAt === undefined
        ? undefined
        : queuedIndexKeys({ requestId, eventId, userId, queuedAt: stamps.queuedAt });
    observations.push({
      time: at + 1,
      requestId,
      status: to,
      ...(stamps.queuedAt === undefined ? {} : { queuedAt: stamps.queuedAt }),
      ...(indexKeys === undefined ? {} : { GSI2SK: indexKeys.GSI2SK }),
    });
    from = to;
  }
  const status = path.at(-1) ?? Status.RECEIVED;
  const resultCode = input.resultCode ?? defaultResultCode(path);
  const request: RequestItem = {
    ...requestKey(requestId),
    SK: 'META',
    entityType: 'REQUEST',
    requestId,
    eventId,
    userId,
    eventType: EventType.FIRST_COME,
    status,
    ...(resultCode === undefined ? {} : { resultCode }),
    requestedAt,
    ...stamps,
    attempt,
    idempotencyKey: lockKey(eventId, userId).PK,
    ttl: Math.floor(requestedAt / 1000) + 90 * DAY_SECONDS,
    ...(stamps.queuedAt === undefined
      ? {}
      : queuedIndexKeys({ requestId, eventId, userId, queuedAt: stamps.queuedAt })),
  };
  const lock: LockRecord = {
    ...lockKey(eventId, userId),
    SK: 'LOCK',
    entityType: 'IDEMPOTENCY',
    requestId,
    createdAt: requestedAt,
    ttl: Math.floor(requestedAt / 1000) + 7 * DAY_SECONDS,
    eventId,
    userId,
  };
  return { request, logs, lock, observations };
}

function defaultResultCode(path: readonly Status[]): ResultCode | undefined {
  const last = path.at(-1);
  if (last === Status.SUCCEEDED) return ResultCode.SUCCESS;
  if (last === Status.REJECTED) return ResultCode.REJECTED_CAPACITY;
  if (last === Status.FAILED_FINAL) {
    return path.at(-2) === Status.RECEIVED ? ResultCode.FAILED_INGEST_ENQUEUE : ResultCode.FAILED_WORKER;
  }
  return undefined;
}

export function buildOperation(overrides: Partial<ParticipateOperation> = {}): ParticipateOperation {
  return {
    f: 'participate',
    process: 'vu-0',
    eventId: EVENT_ID,
    userId: 'user-0',
    type: 'ok',
    httpStatus: 202,
    requestId: requestIdFor(1),
    bodyHasStatus: false,
    time: T0,
    latencyMs: 12,
    ...overrides,
  };
}

export function buildSample(overrides: Partial<QueueSample> = {}): QueueSample {
  return {
    time: T0,
    phase: 'spike-worker-off',
    visible: 0,
    notVisible: 0,
    dlqVisible: 0,
    capacityRemaining: 3,
    workerRunning: false,
    ...overrides,
  };
}

export interface RunOptions {
  /** Seats N. */
  readonly capacity?: number;
  /** Users who each participate once and reach the worker: the first N succeed, the rest are rejected. */
  readonly users?: number;
  /** Extra users whose message is poison: dead-lettered, then FAILED_FINAL by the DLQ handler. */
  readonly poisonUsers?: number;
  readonly maxReceiveCount?: number;
}

/** A run in which every invariant holds. User 0 asks twice and gets the same requestId. */
export function buildRunHistory(options: RunOptions = {}): History {
  const { capacity = 3, users = 5, poisonUsers = 0, maxReceiveCount = 3 } = options;
  const trails: RequestTrail[] = [];
  const operations: ParticipateOperation[] = [];
  const deadLetters: DeadLetter[] = [];
  const poisonRequestIds: string[] = [];

  for (let i = 0; i < users + poisonUsers; i++) {
    const poison = i >= users;
    const userId = poison ? `poison-${i - users}` : `user-${i}`;
    const requestId = requestIdFor(i + 1);
    const requestedAt = T0 + i * 10;
    const processedAt = WORKER_ON_AT + i * 10;
    trails.push(
      buildRequestTrail(
        poison
          ? {
              requestId,
              userId,
              path: [Status.RECEIVED, Status.QUEUED, Status.FAILED_FINAL],
              times: [requestedAt, requestedAt + 2, DRAINED_AT - 1_000 + i],
            }
          : {
              requestId,
              userId,
              path: [
                Status.RECEIVED,
                Status.QUEUED,
                Status.PROCESSING,
                i < capacity ? Status.SUCCEEDED : Status.REJECTED,
              ],
              times: [requestedAt, requestedAt + 2, processedAt + 1, processedAt + 2],
            },
      ),
    );
    operations.push(buildOperation({ process: `vu-${i}`, userId, requestId, time: requestedAt + 3 }));
    if (poison) {
      poisonRequestIds.push(requestId);
      deadLetters.push({
        messageId: `msg-${i}`,
        body: JSON.stringify({ schemaVersion: 99, requestId, eventId: EVENT_ID, userId }),
        receiveCount: maxReceiveCount + 1,
        requestId,
      });
    }
  }
  const [first] = operations;
  if (first !== undefined) operations.push({ ...first, time: T0 + (users + poisonUsers) * 10 + 5 });

  const total = trails.length;
  const succeeded = Math.min(capacity, users);
  const sample = (time: number, phase: string, depth: number, remaining: number, workerRunning: boolean) =>
    buildSample({
      time,
      phase,
      visible: depth,
      dlqVisible: workerRunning && time >= DRAINED_AT ? poisonUsers : 0,
      capacityRemaining: remaining,
      workerRunning,
    });
  const samples: QueueSample[] = [
    sample(T0 - 1_000, 'setup', 0, capacity, false),
    sample(T0 + 4, 'spike-worker-off', Math.min(1, total), capacity, false),
    sample(T0 + total * 10 + 10, 'spike-worker-off', total, capacity, false),
    sample(WORKER_ON_AT + 1, 'drain', total, capacity, true),
    sample(DRAINED_AT, 'drain', 0, capacity - succeeded, true),
  ];
  const capacityItem: CapacityItem = {
    ...capacityKey(EVENT_ID),
    SK: 'CAPACITY',
    entityType: 'CAPACITY',
    eventId: EVENT_ID,
    eventType: EventType.FIRST_COME,
    capacityTotal: capacity,
    capacityRemaining: capacity - succeeded,
    updatedAt: WORKER_ON_AT + succeeded * 10,
  };

  return {
    parameters: { eventId: EVENT_ID, capacity, maxReceiveCount },
    operations,
    observations: trails.flatMap((t) => t.observations),
    samples,
    phases: [
      { name: 'setup', startedAt: T0 - 2_000, endedAt: T0 },
      { name: 'spike-worker-off', startedAt: T0, endedAt: WORKER_ON_AT },
      { name: 'drain', startedAt: WORKER_ON_AT, endedAt: DRAINED_AT },
    ],
    ...(poisonUsers > 0 ? { poisonRequestIds } : {}),
    final: {
      requests: trails.map((t) => t.request),
      locks: trails.map((t) => t.lock),
      capacities: [capacityItem],
      statusLogs: trails.flatMap((t) => t.logs),
      deadLetters,
      mainQueueDepth: { visible: 0, notVisible: 0 },
    },
  };
}

/** The same history with parts of its final state replaced. */
export function withFinal(history: History, patch: Partial<FinalState>): History {
  return { ...history, final: { ...history.final, ...patch } };
}

/** The same history with one request item changed (the logs and observations stay as they were). */
export function withRequest(history: History, requestId: string, patch: Partial<RequestItem>): History {
  return withFinal(history, {
    requests: history.final.requests.map((r) => (r.requestId === requestId ? { ...r, ...patch } : r)),
  });
}

/** The request item with that id; throws so that a test built on a wrong id fails loudly. */
export function requestOf(history: History, requestId: string): RequestItem {
  const request = history.final.requests.find((r) => r.requestId === requestId);
  if (request === undefined) throw new Error(`no request ${requestId} in the history`);
  return request;
}
