/**
 * Faults the targeted scenarios inject into the reference parts and the mutant parts alike: they
 * set the stage on which a mutant misbehaves (a crash between two calls, a slow QUEUED write, a
 * throttled final update, a pause longer than the lease). A fault is never the mutant itself.
 */
import type { IngestStore } from '../../services/ingest/ports';
import {
  type Checkpoint,
  type CrashPoint,
  SimulatedCrashError,
  type WorkerStore,
} from '../../services/worker/ports';
import { overrideMethods } from './override-methods';

/** Dies like a killed process the first time `point` is reached, and never again. */
export function crashOnce(point: CrashPoint): Checkpoint {
  let crashed = false;
  return (reached, requestId) => {
    if (reached !== point || crashed) return;
    crashed = true;
    throw new SimulatedCrashError(`simulated crash at ${point} for ${requestId}`);
  };
}

/** The first time `point` is reached, holds the handler until `resume` settles (a long GC pause). */
export function pauseOnce(point: CrashPoint, resume: (requestId: string) => Promise<unknown>): Checkpoint {
  let paused = false;
  return async (reached, requestId) => {
    if (reached !== point || paused) return;
    paused = true;
    await resume(requestId);
  };
}

/**
 * The RECEIVED -> QUEUED write lands `delayMs` after SendMessage (a slow table, a paused ingest).
 * Returns the store with that fault; the given one is left as it is:
 *
 *   ingest  |-create-|-SendMessage-|------- delayMs -------|-QUEUED-|-202-|
 *   worker                   |-receive: still RECEIVED-|
 */
export function delayQueuedWrite<T extends IngestStore>(store: T, delayMs: number): T {
  return overrideMethods<IngestStore>(store, { markQueued: delayed(delayMs) }) as T;
}

/**
 * Every create transaction waits `delayMs` first, so that clicks sent together all read the
 * lock before any of them writes it: the race a lock-first ingest leaves to its create
 * transaction, made certain.
 */
export function delayCreates<T extends IngestStore>(store: T, delayMs: number): T {
  return overrideMethods<IngestStore>(store, { createReceived: delayed(delayMs) }) as T;
}

/** The reference call, `delayMs` later. */
function delayed<Args extends unknown[], R>(delayMs: number) {
  return (reference: (...args: Args) => Promise<R>) =>
    async (...args: Args): Promise<R> => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return reference(...args);
    };
}

/** Thrown by the table as AWS throttles: the worker classifies it RETRYABLE by its name. */
export class InjectedThrottlingError extends Error {
  override readonly name = 'ProvisionedThroughputExceededException';
}

/**
 * The final update of the first request to reach it is throttled `times` times; every other
 * final update goes through. More than the worker's in-lease tries makes it give the delivery
 * back.
 */
export function throttleFirstFinishes<T extends WorkerStore>(store: T, times = 1): T {
  let victim: string | undefined;
  let throttled = 0;
  return overrideMethods<WorkerStore>(store, {
    finishFirstCome: (reference) => async (request, now, options) => {
      victim ??= request.requestId;
      if (request.requestId === victim && throttled < times) {
        throttled++;
        throw new InjectedThrottlingError(`injected throttling of the final update of ${request.requestId}`);
      }
      return reference(request, now, options);
    },
  }) as T;
}
