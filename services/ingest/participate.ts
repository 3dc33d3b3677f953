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
 * Duplicates stay cheap under a storm (one user's token from hundreds of clients): the lock is
 * read first (one consistent GetItem) and only a missing lock goes to the transaction, which a
 * storm would otherwise pile up on one item. A request this process has seen queued is answered
 * from memory (settled-requests.ts), and one whose lock is younger than healAfterMs is not read.
 */
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
import type { IngestStore, LockView, MessageSender } from './ports';
import type { SettledRequests } from './settled-requests';

export interface ParticipateDeps {
  readonly store: IngestStore;
  readonly queue: MessageSender;
  readonly events: EventCatalog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /**
   * A duplicate heals a RECEIVED request only once it is this old. Younger ones are most likely
   * still being enqueued by the first call; healing them would only send extra messages.
   */
  readonly healAfterMs: number;
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
    await healIfStuck(deps, lock);
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
    await healIfStuck(deps, { requestId: outcome.existingRequestId });
    return { requestId: outcome.existingRequestId, duplicate: true };
  }
  // The create told us the state (RECEIVED): no read back. A store that does not say, reads.
  const created = outcome.request ?? (await deps.store.getRequest(requestId));
  if (!created) throw new RequestNotFoundError(requestId);
  if (created.status === Status.RECEIVED) await enqueue(deps, created);
  deps.settled?.add(created);
  return { requestId, duplicate: false };
}

/** A duplicate finishes steps 3-4 for a request an earlier call left RECEIVED (it died after 2). */
async function healIfStuck(deps: ParticipateDeps, lock: Pick<LockView, 'requestId'> & Partial<LockView>) {
  if (deps.settled?.has(lock.requestId)) return;
  const now = deps.clock.now();
  // Its first call is most likely still enqueueing it: healing now would only send extra messages.
  if (lock.createdAt !== undefined && now - lock.createdAt < deps.healAfterMs) return;
  const existing = await deps.store.getRequest(lock.requestId);
  if (!existing) return;
  if (existing.status !== Status.RECEIVED) {
    deps.settled?.add(existing);
    return;
  }
  if (now - existing.requestedAt < deps.healAfterMs) return;
  await enqueue(deps, existing);
  deps.settled?.add(existing);
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
