/**
 * The client operations as the time charts read them: when each was sent, how long it took,
 * how it ended. Kept apart from the specs so both charts (latency, outcomes) agree on time.
 */
import type { OperationOutcome, ParticipateOperation } from '../../invariants/history';

export interface TimedOperation {
  /** Epoch ms the request was sent. */
  readonly sentAt: number;
  readonly latencyMs: number | null;
  readonly type: OperationOutcome;
}

/**
 * The send time is `sentAt` when the history records it, otherwise the answer time less the
 * latency: a request is charted when it was made, so a slow answer does not move into the
 * window after the fault that caused it.
 */
export function timedOperations(operations: readonly ParticipateOperation[]): TimedOperation[] {
  return operations.flatMap((op) => {
    const recorded = (op as { sentAt?: unknown }).sentAt;
    const latency = typeof op.latencyMs === 'number' && Number.isFinite(op.latencyMs) ? op.latencyMs : null;
    const sentAt =
      typeof recorded === 'number' && Number.isFinite(recorded) ? recorded : op.time - (latency ?? 0);
    return Number.isFinite(sentAt) ? [{ sentAt, latencyMs: latency, type: op.type }] : [];
  });
}

export const OUTCOME_COLORS: Readonly<Record<OperationOutcome, string>> = {
  ok: '#2ca02c',
  fail: '#d62728',
  info: '#ff7f0e',
};
export const OUTCOME_LABELS: Readonly<Record<OperationOutcome, string>> = {
  ok: 'ok (202)',
  fail: 'fail (definite error)',
  info: 'info (unknown: timeout, reset)',
};
export const OUTCOMES: readonly OperationOutcome[] = ['ok', 'fail', 'info'];
