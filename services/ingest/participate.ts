/**
 * The ingest order of spec section 3, which must not be reordered:
 *
 *   (1) idempotency lock + (2) RECEIVED request   one TransactWriteItems
 *   (3) SendMessage                               the worker may see it before (4): it retries
 *   (4) RECEIVED -> QUEUED, queuedAt              conditional, written once
 *   (5) 202 { requestId }
 *
 * If (3) fails the request stays RECEIVED and the caller gets 503: a retry by the user (a duplicate)
 * or the recovery sweep finishes (3)-(4) later, so nothing is lost.
 *
 * A duplicate is answered 202 only once its request is past RECEIVED too (invariant 11): it reads
 * the request, waits a little while the first call is still enqueueing it, and finishes (3)-(4)
 * itself once the request is older than healAfterMs or the waits run out.
 *
 * Duplicates stay cheap under a storm (one user's token from hundreds of clients): the lock is
 * read first (one consistent GetItem) and only a missing lock goes to the transaction, which a
 * storm would otherwise pile up on one item. A request this process has seen queued is answered
 * from memory (settled-requests.ts), without a read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Clock,
  EventNotFoundError,
  type IdGenerator,
  type QueueMessage,
  QueueUnavailableError,
  type RequestItem,
  RequestNotFoundError,
  Status,
} from '../common';
import type { EventCatalog } from './event-catalog';
import type { IngestStore, MessageSender } from './ports';
import type { SettledRequests } from './settled-requests';

export interface ParticipateDeps {
  readonly store: IngestStore;
  readonly queue: MessageSender;
  readonly events: EventCatalog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /**
   * A duplicate heals a RECEIVED request at once only when it is this old. A younger one is most
   * likely still being enqueued by its first call: the duplicate waits for that (DUPLICATE_WAITS_MS)
   * rather than send an extra message, and heals it only if the waits run out.
   */
  readonly healAfterMs: number;
  /** How a duplicate waits between two reads of a young RECEIVED request (default: a timer). */
  readonly pause?: (ms: number) => Promise<void>;
  /** Requests known to be past RECEIVED (optional: without it, an old duplicate reads its request). */
  readonly settled?: SettledRequests;
}

export interface ParticipateResult {
  readonly requestId: string;
  readonly duplicate: boolean;
}

export async function participate(
  deps: ParticipateDeps,
  input: { eventId: string; userId: string },
): Promise<ParticipateResult> {
  const event = await deps.events.find(input.eventId);
  if (!event) throw new EventNotFoundError(input.eventId);

  // A duplicate of a request this process has seen queued: the lock cannot name another one.
  const settled = deps.settled?.lockedRequestId(input.eventId, input.userId);
  if (settled) return { requestId: settled, duplicate: true };

  const lock = await deps.store.getLock(input.eventId, input.userId);
  if (lock) {
    await settleDuplicate(deps, lock.requestId);
    return { requestId: lock.requestId, duplicate: true };
  }

  const requestId = deps.ids.newId();
  const outcome = await deps.store.createReceived({
    requestId,
    eventId: input.eventId,
    userId: input.userId,
    eventType: event.eventType,
    requestedAt: deps.clock.now(),
    ...(event.endsAt === undefined ? {} : { eventEndsAt: event.endsAt }),
  });
  if (outcome.kind === 'duplicate') {
    // A click that raced ours wrote the lock between our read and our transaction.
    await settleDuplicate(deps, outcome.existingRequestId);
    return { requestId: outcome.existingRequestId, duplicate: true };
  }
  // The create told us the state (RECEIVED): no read back. A store that does not say, reads.
  const created = outcome.request ?? (await deps.store.getRequest(requestId));
  if (!created) throw new RequestNotFoundError(requestId);
  if (created.status === Status.RECEIVED) await enqueue(deps, created);
  deps.settled?.add(created);
  return { requestId, duplicate: false };
}

/**
 * Waits between a duplicate's reads of a RECEIVED request: about 0.6 s in all, a few times the
 * usual SendMessage + QUEUED write of the first call, well under a client's patience.
 */
export const DUPLICATE_WAITS_MS: readonly number[] = [5, 10, 20, 40, 80, 160, 320];

/**
 * Returns once the duplicate's request is past RECEIVED, so that its 202 follows the QUEUED write
 * like the first call's. A request its first call left RECEIVED (it died after step 2, or its send
 * failed) is finished here: steps 3-4, or a 503 if the queue is still unreachable.
 */
async function settleDuplicate(deps: ParticipateDeps, requestId: string): Promise<void> {
  if (deps.settled?.has(requestId)) return;
  const pause = deps.pause ?? sleep;
  for (let waited = 0; ; waited++) {
    const existing = await deps.store.getRequest(requestId);
    if (!existing) return;
    if (existing.status !== Status.RECEIVED) {
      deps.settled?.add(existing);
      return;
    }
    const young = deps.clock.now() - existing.requestedAt < deps.healAfterMs;
    const wait = DUPLICATE_WAITS_MS[waited];
    if (!young || wait === undefined) {
      await enqueue(deps, existing);
      deps.settled?.add(existing);
      return;
    }
    await pause(wait);
  }
}

/** Steps (3) and (4) for a RECEIVED request; shared by the first call, duplicates and the sweep. */
export async function enqueue(
  deps: Pick<ParticipateDeps, 'store' | 'queue' | 'clock'>,
  request: RequestItem,
) {
  try {
    await deps.queue.send(toQueueMessage(request));
  } catch (err) {
    throw new QueueUnavailableError(request.requestId, err);
  }
  // A conflict means someone else (a duplicate, the sweep) queued it first: queuedAt stays theirs.
  await deps.store.markQueued(request, deps.clock.now());
}

export function toQueueMessage(request: RequestItem): QueueMessage {
  return {
    schemaVersion: 1,
    requestId: request.requestId,
    eventId: request.eventId,
    userId: request.userId,
    eventType: request.eventType,
    requestedAt: request.requestedAt,
  };
}
