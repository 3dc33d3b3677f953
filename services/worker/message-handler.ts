/**
 * What to do with one delivery of a queue message. Decisions over the store's answers; the poll
 * loop applies the returned action to SQS (delete, push visibility, re-send delayed, or leave it).
 *
 *   final already        -> republish (isDlq from the item), delete
 *   RECEIVED             -> re-send delayed: the worker beat ingest's QUEUED write; never early
 *   PROCESSING, lease on -> re-send delayed until the lease ends (another attempt may finish)
 *   QUEUED / lease over  -> acquire (attempt+1) -> FIRST_COME transaction -> delete
 *
 * After acquire the request is ours, so a failure is finished here, never left to the lease:
 *
 *   NON_RETRYABLE  -> FAILED_FINAL / FAILED_WORKER with the failure, publish, delete
 *   RETRYABLE      -> try again inside the lease (jittered pauses); when the tries run out, give
 *                     the lease back (with the failure as lastFailure) and retry by visibility;
 *                     when the delivery's deadline ran out (a slow dependency), re-send delayed
 *
 * A lost acquire race is decided from the item the conflict returns, without spending a receive.
 * Every call carries the delivery's deadline (delivery-budget.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  FailureClass,
  isFinalStatus,
  parseQueueMessage,
  type RequestItem,
  ResultCode,
  Status,
} from '../common';
import type { Clock } from '../common/clock';
import { backoffSeconds, inLeasePauseMs } from './backoff';
import { classifyFailure, PoisonMessageError, RetryLaterError } from './classify-error';
import { type DeliveryBudget, startDeliveryBudget } from './delivery-budget';
import { type Checkpoint, type Failure, SimulatedCrashError, type WorkerStore } from './ports';
import type { ParticipationPublisher } from './publisher';

export type HandleOutcome =
  | { action: 'delete'; reason: 'succeeded' | 'rejected' | 'failed' | 'already-final' }
  | { action: 'retry'; afterSeconds: number; reason: string }
  /** Send a fresh copy delayed, then delete this one: waits without spending receive counts. */
  | { action: 'requeue'; delaySeconds: number; reason: string }
  | { action: 'leave'; reason: 'stale-attempt' };

export interface HandlerDeps {
  readonly store: WorkerStore;
  readonly clock: Clock;
  readonly workerId: string;
  /** How long an acquired request is ours; keep it at most the queue's visibility timeout. */
  readonly leaseMs: number;
  readonly publisher: ParticipationPublisher;
  readonly checkpoint: Checkpoint;
  readonly logger: Logger;
  /** Jitter source of the in-lease retries (tests pin it). */
  readonly random?: () => number;
}

/** Seconds before a poison message is received again; it reaches the DLQ after maxReceiveCount. */
export const POISON_RETRY_SECONDS = 1;
/**
 * A message that beat the QUEUED write: ingest writes QUEUED a few ms after SendMessage, but if it
 * died in between, the recovery sweep writes it much later. Waiting by visibility would spend the
 * message's receive count and dead-letter a healthy request, so the message is re-sent delayed.
 */
const NOT_YET_QUEUED_DELAY_SECONDS = 1;
/** Tries of the final transaction inside one lease before the lease is given back. */
export const IN_LEASE_TRIES = 6;
/** Rounds of acquire -> conflict -> decide from the returned item, before leaving it to SQS. */
const ACQUIRE_ROUNDS = 3;

interface Delivery {
  readonly body: string;
  readonly receiveCount: number;
  readonly messageId: string;
}

export async function handleMessage(deps: HandlerDeps, message: Delivery): Promise<HandleOutcome> {
  const budget = startDeliveryBudget(deps.leaseMs);
  try {
    return await process(deps, message, budget);
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

async function process(
  deps: HandlerDeps,
  delivery: Delivery,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  const message = parseQueueMessage(delivery.body);
  const call = { abortSignal: budget.work };
  let item = await deps.store.getRequest(message.requestId, call);
  if (!item) throw new PoisonMessageError('UNKNOWN_REQUEST', `request ${message.requestId} does not exist`);
  if (item.eventId !== message.eventId || item.userId !== message.userId) {
    throw new PoisonMessageError('MESSAGE_MISMATCH', `message does not match request ${item.requestId}`);
  }
  for (let round = 0; round < ACQUIRE_ROUNDS; round++) {
    const now = deps.clock.now();
    const decided = await decideWithoutAcquire(deps, item, now, budget);
    if (decided) return decided;
    const acquired = await deps.store.acquire(item, now, deps.leaseMs, deps.workerId, call);
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
  if (isFinalStatus(item.status)) {
    // The attempt that finished it may have died before publishing: publish again (analytics
    // counts redelivery duplicates) so that every final request has its event at least once.
    // The sweep's FAILED_INGEST_ENQUEUE is not a worker outcome and is never published.
    if (item.resultCode !== ResultCode.FAILED_INGEST_ENQUEUE) {
      await publishFinal(deps, item, item.deadLettered === true, budget.work);
    }
    return { action: 'delete', reason: 'already-final' };
  }
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

async function finishAcquired(
  deps: HandlerDeps,
  mine: RequestItem,
  delivery: Delivery,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  for (let tried = 1; ; tried++) {
    try {
      return await finishOnce(deps, mine, budget, tried > 1);
    } catch (err) {
      if (err instanceof SimulatedCrashError) throw err;
      const failure = classifyFailure(err);
      const log = { requestId: mine.requestId, attempt: mine.attempt, tried, ...failure };
      if (failure.failureClass === FailureClass.NON_RETRYABLE) {
        deps.logger.warn(log, 'request_failed_after_acquire');
        return failAcquired(deps, mine, failure, budget);
      }
      const pause = inLeasePauseMs(tried - 1, deps.random);
      if (tried < IN_LEASE_TRIES && !budget.work.aborted && budget.remainingWorkMs() > pause) {
        deps.logger.debug(log, 'request_retry_in_lease');
        await sleep(pause);
        continue;
      }
      deps.logger.warn(log, 'request_lease_given_back');
      return giveLeaseBack(deps, mine, failure, delivery, budget);
    }
  }
}

async function finishOnce(
  deps: HandlerDeps,
  mine: RequestItem,
  budget: DeliveryBudget,
  isRetry: boolean,
): Promise<HandleOutcome> {
  const call = { abortSignal: budget.work };
  const finishedAt = deps.clock.now();
  if (mine.eventType !== 'FIRST_COME') {
    const failure = {
      failureClass: FailureClass.NON_RETRYABLE,
      errorCode: 'EVENT_TYPE_NOT_SUPPORTED',
      errorMessage: `eventType ${mine.eventType} is reserved and not processed by this worker`,
    };
    const outcome = await deps.store.finish(
      mine,
      Status.FAILED_FINAL,
      ResultCode.FAILED_VALIDATION,
      finishedAt,
      failure,
      call,
    );
    if (outcome.kind !== 'done') return { action: 'leave', reason: 'stale-attempt' };
    await publishFinal(
      deps,
      { ...mine, status: Status.FAILED_FINAL, resultCode: 'FAILED_VALIDATION', finishedAt, ...failure },
      false,
      budget.work,
    );
    return { action: 'delete', reason: 'failed' };
  }
  const outcome = await deps.store.finishFirstCome(mine, finishedAt, call);
  await deps.checkpoint('after-capacity-transaction', mine.requestId);
  if (outcome.kind === 'stale') return isRetry ? afterLostAnswer(deps, mine, budget) : staleAttempt;
  const final: RequestItem =
    outcome.kind === 'succeeded'
      ? { ...mine, status: Status.SUCCEEDED, resultCode: 'SUCCESS', finishedAt }
      : { ...mine, status: Status.REJECTED, resultCode: 'REJECTED_CAPACITY', finishedAt };
  await publishFinal(deps, final, false, budget.work);
  deps.logger.debug({ requestId: final.requestId, status: final.status }, 'request_finished');
  return { action: 'delete', reason: outcome.kind };
}

const staleAttempt: HandleOutcome = { action: 'leave', reason: 'stale-attempt' };

/**
 * A retry found the request no longer ours. If our own earlier try landed (its answer was lost),
 * the request is final with our attempt: publish it and delete, instead of waiting a lease.
 */
async function afterLostAnswer(
  deps: HandlerDeps,
  mine: RequestItem,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  const current = await deps.store.getRequest(mine.requestId, { abortSignal: budget.work });
  if (!current || !isFinalStatus(current.status) || current.attempt !== mine.attempt) return staleAttempt;
  await publishFinal(deps, current, current.deadLettered === true, budget.work);
  return { action: 'delete', reason: 'already-final' };
}

/** A failure no retry can fix, on a request we hold: finish it now, not after its receives. */
async function failAcquired(
  deps: HandlerDeps,
  mine: RequestItem,
  failure: Failure,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  const finishedAt = deps.clock.now();
  const outcome = await deps.store.finish(
    mine,
    Status.FAILED_FINAL,
    ResultCode.FAILED_WORKER,
    finishedAt,
    failure,
    { abortSignal: budget.cleanup },
  );
  if (outcome.kind !== 'done') return staleAttempt;
  await publishFinal(
    deps,
    { ...mine, status: Status.FAILED_FINAL, resultCode: 'FAILED_WORKER', finishedAt, ...failure },
    false,
    budget.cleanup,
  );
  return { action: 'delete', reason: 'failed' };
}

/**
 * The budget ran out on retryable failures: end the lease now (keeping the failure as the item's
 * last failure), so the next delivery takes over at once instead of waiting out a whole lease.
 */
async function giveLeaseBack(
  deps: HandlerDeps,
  mine: RequestItem,
  failure: Failure,
  delivery: Delivery,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  try {
    await deps.store.releaseLease(mine, deps.clock.now(), failure, { abortSignal: budget.cleanup });
  } catch (err) {
    // The lease then simply runs out: later, never lost.
    deps.logger.warn({ err, requestId: mine.requestId }, 'lease_release_failed');
  }
  const afterSeconds = backoffSeconds(delivery.receiveCount);
  // Our own deadline ran out: the dependency is slow, not the request bad. Waiting by visibility
  // would spend a receive and could dead-letter a healthy request (I12): re-send delayed instead.
  if (budget.work.aborted)
    return { action: 'requeue', delaySeconds: afterSeconds, reason: 'DELIVERY_DEADLINE' };
  return { action: 'retry', afterSeconds, reason: failure.errorCode };
}

/** Publishing never fails the message: the status is already final and the delete must follow. */
export async function publishFinal(
  deps: Pick<HandlerDeps, 'publisher' | 'logger'>,
  item: RequestItem,
  isDlq = false,
  abortSignal?: AbortSignal,
): Promise<void> {
  const { leaseExpiresAt: _lease, lastFailure: _last, deadLettered: _dlq, ...final } = item;
  try {
    await deps.publisher.published(final, { isDlq, ...(abortSignal ? { abortSignal } : {}) });
  } catch (err) {
    deps.logger.warn({ err, requestId: item.requestId }, 'publish_failed');
  }
}
