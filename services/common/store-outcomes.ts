/**
 * The answers both cores get from the request store, declared once here (the contract) so that
 * the ingest and worker ports and their adapter share one shape instead of three copies.
 */
import type { FailureClass } from './result-code';
import type { RequestItem } from './schemas';

/** Why an attempt failed, as the item keeps it (failureClass, errorCode, errorMessage). */
export interface Failure {
  readonly failureClass: FailureClass;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/**
 * A conditional status change: done, or refused because someone moved the request first
 * (`current` is the item as it is then, when the table returned it).
 */
export type TransitionOutcome = { kind: 'done' } | { kind: 'conflict'; current?: RequestItem };
