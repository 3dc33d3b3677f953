import type { Failure, FinishOutcome, TransitionOutcome } from '../aws/request-store';
import type { RequestItem, ResultCode, Status } from '../common';

/** What the worker core needs from DynamoDB; services/aws/request-store implements it. */
export interface WorkerStore {
  getRequest(requestId: string): Promise<RequestItem | undefined>;
  acquire(request: RequestItem, now: number, leaseMs: number, workerId: string): Promise<TransitionOutcome>;
  finishFirstCome(request: RequestItem, now: number): Promise<FinishOutcome>;
  finish(
    request: RequestItem,
    to: Status,
    resultCode: ResultCode,
    now: number,
    failure?: Failure,
  ): Promise<TransitionOutcome>;
  failDeadLettered(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome>;
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
