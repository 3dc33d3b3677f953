import { isFinalStatus, Status } from './status';

/** Who may move a request; each actor has its own rows of the transition table. */
export const Actor = {
  INGEST: 'INGEST',
  RECOVERY_SWEEP: 'RECOVERY_SWEEP',
  WORKER: 'WORKER',
  DLQ_HANDLER: 'DLQ_HANDLER',
} as const;
export type Actor = (typeof Actor)[keyof typeof Actor];

export interface TransitionRule {
  readonly from: Status | null;
  readonly to: Status;
  readonly actors: readonly Actor[];
}

/**
 * The transition table of spec section 1, and nothing else. `from: null` is creation.
 * PROCESSING -> PROCESSING is a takeover after the earlier attempt's lease expired.
 */
export const TRANSITION_RULES: readonly TransitionRule[] = [
  { from: null, to: Status.RECEIVED, actors: [Actor.INGEST] },
  { from: Status.RECEIVED, to: Status.QUEUED, actors: [Actor.INGEST, Actor.RECOVERY_SWEEP] },
  { from: Status.RECEIVED, to: Status.FAILED_FINAL, actors: [Actor.RECOVERY_SWEEP] },
  { from: Status.QUEUED, to: Status.PROCESSING, actors: [Actor.WORKER] },
  { from: Status.PROCESSING, to: Status.PROCESSING, actors: [Actor.WORKER] },
  { from: Status.PROCESSING, to: Status.SUCCEEDED, actors: [Actor.WORKER] },
  { from: Status.PROCESSING, to: Status.REJECTED, actors: [Actor.WORKER] },
  { from: Status.PROCESSING, to: Status.FAILED_FINAL, actors: [Actor.WORKER, Actor.DLQ_HANDLER] },
  { from: Status.QUEUED, to: Status.FAILED_FINAL, actors: [Actor.DLQ_HANDLER] },
];

/** Is `from -> to` in the table for some actor (or for the given actor)? Pure. */
export function isAllowedTransition(from: Status | null, to: Status, actor?: Actor): boolean {
  if (from !== null && isFinalStatus(from)) return false;
  return TRANSITION_RULES.some(
    (rule) => rule.from === from && rule.to === to && (actor === undefined || rule.actors.includes(actor)),
  );
}

/** Is this sequence of statuses, starting from creation, a path in the table? Returns the first bad step. */
export function findIllegalStep(
  path: readonly Status[],
): { index: number; from: Status | null; to: Status } | undefined {
  let from: Status | null = null;
  for (const [index, to] of path.entries()) {
    if (!isAllowedTransition(from, to)) return { index, from, to };
    from = to;
  }
  return undefined;
}
