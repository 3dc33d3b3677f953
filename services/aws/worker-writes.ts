/**
 * The writes of the worker: acquire (or take over) a request, give the lease back, finish it
 * with or without a seat, and the DLQ handler's give-up. Each is one conditional call; a refused
 * condition becomes an outcome of the worker's ports.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Failure,
  type RequestItem,
  type ResultCode,
  requestKey,
  Status,
  type TransitionOutcome,
} from '../common';
import type { CallOptions, FinishOutcome } from '../worker/ports';
import type { AwsClients } from './clients';
import { isConditionalCheckFailure, readCancellation } from './dynamo-errors';
import { failureFields, finalChange, seatItem, transitionItems } from './request-items';
import { conflictWith, sendTransition } from './send-transition';
import { buildUpdate } from './update-expression';

export class DynamoWorkerWrites {
  constructor(
    private readonly clients: AwsClients,
    readonly tableName: string,
  ) {}

  /**
   * QUEUED -> PROCESSING, or PROCESSING -> PROCESSING once the earlier attempt's lease is over.
   *
   *   attempt 1  |--acquire--lease------------X (crashed)
   *   attempt 2                                 |--lease expired? take over, attempt 2--|
   *
   * `attempt = :seenAttempt` makes the write fail if anyone moved the request since we read it;
   * the conflict carries the item as it is, so the caller decides without another read.
   */
  async acquire(
    request: RequestItem,
    now: number,
    leaseMs: number,
    workerId: string,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const attempt = request.attempt + 1;
    const change = {
      set: { attempt, leaseExpiresAt: now + leaseMs, workerId },
      setIfNotExists: { startedAt: now },
      condition:
        '#status = :from AND attempt = :seenAttempt AND attribute_exists(queuedAt) AND ' +
        '(#status = :queued OR leaseExpiresAt < :now)',
      values: { ':queued': Status.QUEUED, ':now': now },
      logAttempt: attempt,
    };
    return sendTransition(
      this.clients.documents,
      this.tableName,
      request,
      Status.PROCESSING,
      now,
      change,
      options,
    );
  }

  /**
   * Gives the lease back: leaseExpiresAt moves to now, so the next delivery may take over at
   * once instead of after the whole lease; the failure that made us give up is kept.
   *
   *   attempt n  |--acquire--X(retryable)--release|
   *   attempt n+1                                   |--take over (no lease to wait out)--|
   */
  async releaseLease(
    request: RequestItem,
    now: number,
    failure: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const update = buildUpdate({
      set: {
        leaseExpiresAt: now,
        lastFailure: { ...failureFields(failure), attempt: request.attempt, at: now },
      },
      condition: '#status = :processing AND attempt = :mine',
      names: { '#status': 'status' },
      values: { ':processing': Status.PROCESSING, ':mine': request.attempt },
    });
    try {
      await this.clients.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKey(request.requestId),
          ...update,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        options,
      );
      return { kind: 'done' };
    } catch (err) {
      if (!isConditionalCheckFailure(err)) throw err;
      return conflictWith((err as { Item?: Record<string, unknown> }).Item);
    }
  }

  /**
   * PROCESSING -> SUCCEEDED and one seat, in one transaction: either both happen or neither.
   * If no seat is left, a second transaction moves the request to REJECTED / REJECTED_CAPACITY.
   */
  async finishFirstCome(
    request: RequestItem,
    now: number,
    options: CallOptions = {},
  ): Promise<FinishOutcome> {
    if (request.status !== Status.PROCESSING) return { kind: 'stale' };
    const [update, log] = transitionItems(
      this.tableName,
      request,
      Status.SUCCEEDED,
      now,
      finalChange('SUCCESS', now),
    );
    try {
      await this.clients.documents.send(
        new TransactWriteCommand({
          TransactItems: [seatItem(this.tableName, request.eventId, now), update, log],
        }),
        options,
      );
      return { kind: 'succeeded' };
    } catch (err) {
      const cancelled = readCancellation(err, ['seat', 'request', 'log']);
      if (!cancelled) throw err;
      if (cancelled.request.code === 'ConditionalCheckFailed') return { kind: 'stale' };
      if (cancelled.seat.code !== 'ConditionalCheckFailed') throw err;
    }
    const rejected = await this.finish(
      request,
      Status.REJECTED,
      'REJECTED_CAPACITY',
      now,
      undefined,
      options,
    );
    return rejected.kind === 'done' ? { kind: 'rejected' } : { kind: 'stale' };
  }

  /** PROCESSING -> a final status without a seat (REJECTED for other reasons, FAILED_FINAL). */
  async finish(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const change = finalChange(resultCode, now, failure);
    return sendTransition(this.clients.documents, this.tableName, request, to, now, change, options);
  }

  /**
   * DLQ handler: QUEUED or PROCESSING -> FAILED_FINAL / FAILED_WORKER, if nobody moved it since.
   * Marked deadLettered, so that any later republish of this final request says isDlq=true.
   */
  async failDeadLettered(
    request: RequestItem,
    now: number,
    failure: Failure,
    options: CallOptions = {},
  ): Promise<TransitionOutcome> {
    const change = {
      set: { resultCode: 'FAILED_WORKER', finishedAt: now, deadLettered: true, ...failureFields(failure) },
      remove: ['leaseExpiresAt'],
      condition: '#status = :from AND attempt = :seenAttempt',
    };
    return sendTransition(
      this.clients.documents,
      this.tableName,
      request,
      Status.FAILED_FINAL,
      now,
      change,
      options,
    );
  }
}
