/**
 * What the worker core needs from the outside world, in its own types: services/aws implements
 * these interfaces, the core never imports the adapter's types.
 */
import type { Failure, RequestItem, ResultCode, Status, TransitionOutcome } from '../common';

export type { Failure, TransitionOutcome };

export type FinishOutcome =
  | { kind: 'succeeded' }
  | { kind: 'rejected' }
  /** The attempt is no longer ours (a later delivery took over): nothing was written. */
  | { kind: 'stale' };

/**
 * Every call of a delivery carries the delivery's deadline, so that no AWS call outlives the
 * lease (and with it the visibility timeout): an aborted call is a RETRYABLE failure.
 */
export interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/** What the worker core needs from DynamoDB; services/aws/worker-writes (and request-reads) implement it. */
export interface WorkerStore {
  getRequest(requestId: string, options?: CallOptions): Promise<RequestItem | undefined>;
  acquire(
    request: RequestItem,
    now: number,
    leaseMs: number,
    workerId: string,
    options?: CallOptions,
  ): Promise<TransitionOutcome>;
  finishFirstCome(request: RequestItem, now: number, options?: CallOptions): Promise<FinishOutcome>;
  finish(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
    options?: CallOptions,
  ): Promise<TransitionOutcome>;
  /**
   * Ends our lease early (status stays PROCESSING, attempt unchanged) and keeps the failure that
   * made us give up as the item's last failure; only the attempt that holds the lease may.
   */
  releaseLease(
    request: RequestItem,
    now: number,
    failure: Failure,
    options?: CallOptions,
  ): Promise<TransitionOutcome>;
  failDeadLettered(
    request: RequestItem,
    now: number,
    failure: Failure,
    options?: CallOptions,
  ): Promise<TransitionOutcome>;
}

/**
 * Named points in the handler where a chaos run may kill the process (or a test may simulate it).
 * In production it does nothing.
 */
export type CrashPoint = 'after-acquire' | 'after-capacity-transaction';
export type Checkpoint = (point: CrashPoint, requestId: string) => Promise<void> | void;
export const noCheckpoint: Checkpoint = () => {};

/**
 * Thrown by a test's checkpoint to simulate a crash in-process: the handler and the poll loop let
 * it through untouched and stop dead, deleting and changing nothing, as a killed process would.
 */
export class SimulatedCrashError extends Error {
  override readonly name = 'SimulatedCrashError';
}
