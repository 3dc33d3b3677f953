/**
 * What to do with one delivery of a queue message. Decisions over the store's answers; the poll
 * loop applies the returned action to SQS (delete, push visibility, re-send delayed, or leave it).
 *
 *   final already        -> republish (isDlq from the item), delete
 *   RECEIVED             -> re-send delayed: the worker beat ingest's QUEUED write; never early
 *   PROCESSING, lease on -> re-send delayed until the lease ends (another attempt may finish)
 *   QUEUED / lease over  -> acquire (attempt+1) -> FIRST_COME transaction -> delete
 *
 * After acquire the request is ours: finish-acquired.ts finishes it, failures included.
 *
 * A lost acquire race is decided from the item the conflict returns, and a transient failure
 * before acquire is tried again in place (retry-before-acquire.ts): neither spends a receive.
 * Every call carries the delivery's deadline (delivery-budget.ts).
 */
import {
  FailureClass,
  isFinalStatus,
  parseQueueMessage,
  type RequestItem,
  Status,
  type TransitionOutcome,
} from '../common';
import { backoffSeconds } from './backoff';
import { classifyFailure, PoisonMessageError, RetryLaterError } from './classify-error';
import { type DeliveryBudget, startDeliveryBudget } from './delivery-budget';
import { finishAcquired } from './finish-acquired';
import type { Delivery, HandleOutcome, HandlerDeps } from './handle-outcome';
import { SimulatedCrashError } from './ports';
import { answerAlreadyFinal } from './publish-final';
import { retryBeforeAcquire } from './retry-before-acquire';

// The poll loop, the worker and the tests name the handler's types through it.
export type { HandleOutcome, HandlerDeps } from './handle-outcome';

/** Seconds before a poison message is received again; it reaches the DLQ after maxReceiveCount. */
export const POISON_RETRY_SECONDS = 1;
/**
 * A message that beat the QUEUED write: ingest writes QUEUED a few ms after SendMessage, but if it
 * died in between, the recovery sweep writes it much later. Waiting by visibility would spend the
 * message's receive count and dead-letter a healthy request, so the message is re-sent delayed.
 */
const NOT_YET_QUEUED_DELAY_SECONDS = 1;
/** Rounds of acquire -> conflict -> decide from the returned item, before leaving it to SQS. */
const ACQUIRE_ROUNDS = 3;

export async function handleMessage(deps: HandlerDeps, message: Delivery): Promise<HandleOutcome> {
  const budget = startDeliveryBudget(deps.leaseMs);
  try {
    return await processDelivery(deps, message, budget);
  } catch (err) {
    if (err instanceof SimulatedCrashError) throw err;
    const failure = classifyFailure(err);
    const log = { messageId: message.messageId, receiveCount: message.receiveCount, ...failure };
    if (err instanceof RetryLaterError) {
      deps.logger.debug(log, 'message_retry_later');
      return { action: 'retry', afterSeconds: err.afterSeconds, reason: err.code };
    }
    if (failure.failureClass === FailureClass.RETRYABLE) {
      deps.logger.warn(log, 'message_retryable_failure');
      return {
        action: 'retry',
        afterSeconds: backoffSeconds(message.receiveCount),
        reason: failure.errorCode,
      };
    }
    // Non-retryable and no request of ours to finish: quarantine, i.e. let the redrive policy take it.
    deps.logger.warn(log, 'message_poison');
    return { action: 'retry', afterSeconds: POISON_RETRY_SECONDS, reason: failure.errorCode };
  }
}

async function processDelivery(
  deps: HandlerDeps,
  delivery: Delivery,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  const message = parseQueueMessage(delivery.body);
  const call = { abortSignal: budget.work };
  const read = await retryBeforeAcquire(deps, budget, 'read', () =>
    deps.store.getRequest(message.requestId, call),
  );
  if (!read) throw new PoisonMessageError('UNKNOWN_REQUEST', `request ${message.requestId} does not exist`);
  if (read.eventId !== message.eventId || read.userId !== message.userId) {
    throw new PoisonMessageError('MESSAGE_MISMATCH', `message does not match request ${read.requestId}`);
  }
  let item: RequestItem = read;
  for (let round = 0; round < ACQUIRE_ROUNDS; round++) {
    const now = deps.clock.now();
    const decided = await decideWithoutAcquire(deps, item, now, budget);
    if (decided) return decided;
    const current = item;
    const acquired: TransitionOutcome = await retryBeforeAcquire(deps, budget, 'acquire', () =>
      deps.store.acquire(current, now, deps.leaseMs, deps.workerId, call),
    );
    if (acquired.kind === 'done') {
      const mine: RequestItem = {
        ...item,
        status: Status.PROCESSING,
        attempt: item.attempt + 1,
        startedAt: item.startedAt ?? now,
        leaseExpiresAt: now + deps.leaseMs,
        workerId: deps.workerId,
      };
      deps.logger.debug({ requestId: mine.requestId, attempt: mine.attempt }, 'request_acquired');
      await deps.checkpoint('after-acquire', mine.requestId);
      return finishAcquired(deps, mine, delivery, budget);
    }
    // Someone moved it between our read and our write: the conflict says how it is now.
    if (!acquired.current) break;
    item = acquired.current;
  }
  throw new RetryLaterError('ACQUIRE_CONFLICT', 'the request kept changing while acquiring', 1);
}

/** The answer for an item we must not acquire, or undefined when acquiring is the next step. */
async function decideWithoutAcquire(
  deps: HandlerDeps,
  item: RequestItem,
  now: number,
  budget: DeliveryBudget,
): Promise<HandleOutcome | undefined> {
  if (isFinalStatus(item.status)) return answerAlreadyFinal(deps, item, budget.work);
  if (item.status === Status.RECEIVED) {
    return { action: 'requeue', delaySeconds: NOT_YET_QUEUED_DELAY_SECONDS, reason: 'NOT_YET_QUEUED' };
  }
  if (item.status === Status.PROCESSING && (item.leaseExpiresAt ?? 0) >= now) {
    // Another attempt holds the lease. Waiting by visibility would spend receives and could
    // dead-letter a healthy request: re-send delayed until the lease ends.
    const seconds = Math.min(900, Math.max(1, Math.ceil(((item.leaseExpiresAt ?? now) - now) / 1000)));
    return { action: 'requeue', delaySeconds: seconds, reason: 'LEASE_HELD' };
  }
  return undefined;
}
