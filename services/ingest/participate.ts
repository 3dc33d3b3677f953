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
import type { IngestStore, MessageSender } from './ports';

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
    await healIfStuck(deps, outcome.existingRequestId);
    return { requestId: outcome.existingRequestId, duplicate: true };
  }
  const created = await deps.store.getRequest(requestId);
  if (!created) throw new RequestNotFoundError(requestId);
  // A duplicate click (healing) or the sweep may have queued it already: then steps 3-4 are done.
  if (created.status === Status.RECEIVED) await enqueue(deps, created);
  return { requestId, duplicate: false };
}

async function healIfStuck(deps: ParticipateDeps, requestId: string): Promise<void> {
  const existing = await deps.store.getRequest(requestId);
  if (existing?.status !== Status.RECEIVED) return;
  if (deps.clock.now() - existing.requestedAt < deps.healAfterMs) return;
  await enqueue(deps, existing);
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
