/**
 * What to do with one delivery of a queue message. Pure decisions over the store's answers; the
 * poll loop applies the returned action to SQS (delete, push visibility, or leave it alone).
 *
 *   final already        -> delete (a duplicate delivery changes nothing)
 *   RECEIVED             -> retry later: the worker beat ingest's QUEUED write; never process early
 *   PROCESSING, lease on -> retry when the lease ends (another attempt may still finish)
 *   QUEUED / lease over  -> acquire (attempt+1) -> FIRST_COME transaction -> delete
 */
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
import { backoffSeconds } from './backoff';
import { classifyFailure, PoisonMessageError, RetryLaterError } from './classify-error';
import { type Checkpoint, SimulatedCrashError, type WorkerStore } from './ports';
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
}

/** Seconds before a poison message is received again; it reaches the DLQ after maxReceiveCount. */
export const POISON_RETRY_SECONDS = 1;
/**
 * A message that beat the QUEUED write: ingest writes QUEUED a few ms after SendMessage, but if it
 * died in between, the recovery sweep writes it much later. Waiting by visibility would spend the
 * message's receive count and dead-letter a healthy request, so the message is re-sent delayed.
 */
const NOT_YET_QUEUED_DELAY_SECONDS = 1;

export async function handleMessage(
  deps: HandlerDeps,
  message: { body: string; receiveCount: number; messageId: string },
): Promise<HandleOutcome> {
  try {
    return await process(deps, message.body);
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
    // Non-retryable and no request to finish: quarantine, i.e. let the redrive policy take it.
    deps.logger.warn(log, 'message_poison');
    return { action: 'retry', afterSeconds: POISON_RETRY_SECONDS, reason: failure.errorCode };
  }
}

async function process(deps: HandlerDeps, body: string): Promise<HandleOutcome> {
  const message = parseQueueMessage(body);
  const item = await deps.store.getRequest(message.requestId);
  if (!item) throw new PoisonMessageError('UNKNOWN_REQUEST', `request ${message.requestId} does not exist`);
  if (item.eventId !== message.eventId || item.userId !== message.userId) {
    throw new PoisonMessageError('MESSAGE_MISMATCH', `message does not match request ${item.requestId}`);
  }
  if (isFinalStatus(item.status)) {
    // The attempt that finished it may have died before publishing: publish again (analytics
    // counts redelivery duplicates) so that every final request has its event at least once.
    if (item.resultCode !== 'FAILED_INGEST_ENQUEUE') await publishFinal(deps, item);
    return { action: 'delete', reason: 'already-final' };
  }
  if (item.status === Status.RECEIVED) {
    return { action: 'requeue', delaySeconds: NOT_YET_QUEUED_DELAY_SECONDS, reason: 'NOT_YET_QUEUED' };
  }
  const now = deps.clock.now();
  if (item.status === Status.PROCESSING && (item.leaseExpiresAt ?? 0) >= now) {
    // Another attempt (or our own, after a retryable error) holds the lease. Waiting by
    // visibility would spend receives and could dead-letter a healthy request: re-send delayed.
    const seconds = Math.min(900, Math.max(1, Math.ceil(((item.leaseExpiresAt ?? now) - now) / 1000)));
    return { action: 'requeue', delaySeconds: seconds, reason: 'LEASE_HELD' };
  }

  const acquired = await deps.store.acquire(item, now, deps.leaseMs, deps.workerId);
  if (acquired.kind === 'conflict') {
    // Someone moved it between our read and our write; the next delivery decides afresh.
    throw new RetryLaterError('ACQUIRE_CONFLICT', 'the request changed while acquiring', 1);
  }
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
  return finishAcquired(deps, mine);
}

async function finishAcquired(deps: HandlerDeps, mine: RequestItem): Promise<HandleOutcome> {
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
    );
    if (outcome.kind !== 'done') return { action: 'leave', reason: 'stale-attempt' };
    await publishFinal(deps, {
      ...mine,
      status: Status.FAILED_FINAL,
      resultCode: 'FAILED_VALIDATION',
      finishedAt,
      ...failure,
    });
    return { action: 'delete', reason: 'failed' };
  }
  const outcome = await deps.store.finishFirstCome(mine, finishedAt);
  await deps.checkpoint('after-capacity-transaction', mine.requestId);
  if (outcome.kind === 'stale') return { action: 'leave', reason: 'stale-attempt' };
  const final: RequestItem =
    outcome.kind === 'succeeded'
      ? { ...mine, status: Status.SUCCEEDED, resultCode: 'SUCCESS', finishedAt }
      : { ...mine, status: Status.REJECTED, resultCode: 'REJECTED_CAPACITY', finishedAt };
  await publishFinal(deps, final);
  deps.logger.debug({ requestId: final.requestId, status: final.status }, 'request_finished');
  return { action: 'delete', reason: outcome.kind };
}

/** Publishing never fails the message: the status is already final and the delete must follow. */
export async function publishFinal(
  deps: Pick<HandlerDeps, 'publisher' | 'logger'>,
  item: RequestItem,
  isDlq = false,
): Promise<void> {
  const { leaseExpiresAt: _lease, ...final } = item;
  try {
    await deps.publisher.published(final, { isDlq });
  } catch (err) {
    deps.logger.warn({ err, requestId: item.requestId }, 'publish_failed');
  }
}
