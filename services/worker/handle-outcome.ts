/**
 * What the message handler is given and what it answers: the poll loop applies the answer to SQS
 * (delete, push visibility, re-send delayed, or leave it).
 */
import type { Logger } from 'pino';
import type { Clock } from '../common/clock';
import type { Checkpoint, WorkerStore } from './ports';
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

/** One receipt of a queue message, as the handler needs it. */
export interface Delivery {
  readonly body: string;
  readonly receiveCount: number;
  readonly messageId: string;
}
