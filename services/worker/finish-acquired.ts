/**
 * A request this delivery has acquired is ours until it is final, so every failure is finished
 * here, never left to the lease:
 *
 *   NON_RETRYABLE  -> FAILED_FINAL / FAILED_WORKER with the failure, publish, delete
 *   RETRYABLE      -> try again inside the lease (jittered pauses); when the tries run out, give
 *                     the lease back (with the failure as lastFailure) and retry by visibility;
 *                     when the delivery's deadline ran out (a slow dependency), re-send delayed;
 *                     when the lease turns out to be gone (taken over, final, or over by the
 *                     clock), answer as the stale delivery it is: no copy re-sent
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Failure,
  FailureClass,
  isFinalStatus,
  type RequestItem,
  ResultCode,
  Status,
  type TransitionOutcome,
} from '../common';
import { backoffSeconds, nextInLeasePause } from './backoff';
import { classifyFailure } from './classify-error';
import type { DeliveryBudget } from './delivery-budget';
import type { Delivery, HandleOutcome, HandlerDeps } from './handle-outcome';
import { SimulatedCrashError } from './ports';
import { answerAlreadyFinal, publishFinal } from './publish-final';

export async function finishAcquired(
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
      const pause = nextInLeasePause(tried, budget, deps.random);
      if (pause !== undefined) {
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
    return failFinal(deps, mine, ResultCode.FAILED_VALIDATION, failure, budget.work);
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
function failAcquired(
  deps: HandlerDeps,
  mine: RequestItem,
  failure: Failure,
  budget: DeliveryBudget,
): Promise<HandleOutcome> {
  return failFinal(deps, mine, ResultCode.FAILED_WORKER, failure, budget.cleanup);
}

/** PROCESSING -> FAILED_FINAL with `resultCode` by the attempt that holds it, published, deleted. */
async function failFinal(
  deps: HandlerDeps,
  mine: RequestItem,
  resultCode: typeof ResultCode.FAILED_WORKER | typeof ResultCode.FAILED_VALIDATION,
  failure: Failure,
  abortSignal: AbortSignal,
): Promise<HandleOutcome> {
  const finishedAt = deps.clock.now();
  const outcome = await deps.store.finish(mine, Status.FAILED_FINAL, resultCode, finishedAt, failure, {
    abortSignal,
  });
  if (outcome.kind !== 'done') return staleAttempt;
  await publishFinal(
    deps,
    { ...mine, status: Status.FAILED_FINAL, resultCode, finishedAt, ...failure },
    false,
    abortSignal,
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
  let released: TransitionOutcome | undefined;
  try {
    released = await deps.store.releaseLease(mine, deps.clock.now(), failure, {
      abortSignal: budget.cleanup,
    });
  } catch (err) {
    // The lease then simply runs out: later, never lost.
    deps.logger.warn({ err, requestId: mine.requestId }, 'lease_release_failed');
  }
  // The lease was no longer ours: another delivery took the request over, or it is final. A copy
  // re-sent now would only wait in the queue for a request with no work left in it.
  if (released?.kind === 'conflict') {
    const current = released.current;
    return current !== undefined && isFinalStatus(current.status)
      ? answerAlreadyFinal(deps, current, budget.cleanup)
      : staleAttempt;
  }
  // Not given back (no budget left to write) and already over: our message has been visible
  // again since, so the next delivery takes over from it; a copy would be a duplicate.
  if (released === undefined && deps.clock.now() >= (mine.leaseExpiresAt ?? 0)) return staleAttempt;
  const afterSeconds = backoffSeconds(delivery.receiveCount);
  // Our own deadline ran out: the dependency is slow, not the request bad. Waiting by visibility
  // would spend a receive and could dead-letter a healthy request (I12): re-send delayed instead.
  if (budget.work.aborted)
    return { action: 'requeue', delaySeconds: afterSeconds, reason: 'DELIVERY_DEADLINE' };
  return { action: 'retry', afterSeconds, reason: failure.errorCode };
}
