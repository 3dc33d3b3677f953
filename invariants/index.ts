/**
 * The checkers of spec section 6, in invariant order, and their combination. G0 runs with the
 * worker off first (I9); G1 runs with analytics (I6a, I8) and the worker on from the start.
 */
import { checkAnalyticsDataQuality } from './analytics-data-quality';
import { checkAnalyticsReconciliation } from './analytics-reconciliation';
import { checkAttemptFencing } from './attempt-fencing';
import { checkCapacity } from './capacity';
import { checkDlqRouting } from './dlq-routing';
import { checkFairness } from './fairness';
import { checkHealthyOutcome } from './healthy-outcome';
import type { History } from './history';
import { checkHttp } from './http';
import { checkIdentity } from './identity';
import { checkNoNegativeDelays } from './no-negative-delays';
import { checkNoStatusReversal } from './no-status-reversal';
import { checkNothingLost } from './nothing-lost';
import { checkOneRequestPerUser } from './one-request-per-user';
import { checkOrderProof } from './order-proof';
import { checkOrphanMessages } from './orphan-messages';
import { checkQueuedAtOnce } from './queued-at-once';
import { type Checker, combineValidity, nothingToJudge, type Validity, type Verdict } from './verdict';
import { checkWorkerOff } from './worker-off';

export { checkAnalyticsDataQuality } from './analytics-data-quality';
export { checkAnalyticsReconciliation } from './analytics-reconciliation';
export { checkCapacity } from './capacity';
export { checkDlqRouting } from './dlq-routing';
export {
  checkFairness,
  type FairnessMeasure,
  type FairnessOptions,
  type FairnessPair,
  fairnessChecker,
  measureFairness,
  parseInversionRate,
} from './fairness';
export type * from './history';
export { checkHttp, MAX_FAILED_SHARE } from './http';
export { checkNoNegativeDelays } from './no-negative-delays';
export { checkNoStatusReversal } from './no-status-reversal';
export { checkNothingLost } from './nothing-lost';
export { checkOneRequestPerUser } from './one-request-per-user';
export { checkQueuedAtOnce } from './queued-at-once';
export * from './verdict';
export { checkWorkerOff } from './worker-off';

/** I1-I6 in invariant order, which the core and G1 share (G1 puts I6a before I7). */
function stateCheckers(): Checker[] {
  return [
    checkCapacity,
    checkOneRequestPerUser,
    checkNoStatusReversal,
    checkQueuedAtOnce,
    checkNothingLost,
    checkNoNegativeDelays,
  ];
}

/** The state invariants (I1-I7) that every run must keep, whatever its load or faults. */
export const CORE_CHECKERS: readonly Checker[] = [...stateCheckers(), checkDlqRouting];

/** A spike with the worker off (G0 and conformance): the core, the worker-off window (I9) and the spike's HTTP budget (I10). */
export const SPIKE_CHECKERS: readonly Checker[] = [...CORE_CHECKERS, checkWorkerOff, checkHttp];

export const G1_CHECKERS: readonly Checker[] = [
  ...stateCheckers(),
  checkAnalyticsDataQuality,
  checkDlqRouting,
  checkAnalyticsReconciliation,
  checkHttp,
];

/**
 * Measures with no bound by default (I16 fairness): the bench times them and reports show them;
 * a run judges them only when a bound is configured (fairnessChecker({ maxInversionRate })).
 */
export const MEASURE_CHECKERS: readonly Checker[] = [checkFairness];

/**
 * The checker set a recorded history names in its header (`suite`), so that `check` re-judges
 * a run folder with the checkers the run itself used. A new suite or checker goes here. `chaos`
 * is the list of scenarios/chaos/run-scenario.ts (CHAOS_CHECKERS); the scenario's own fault and
 * recovery verdicts need the proxy counters and are not in any history.
 */
export const CHECKER_SUITES = {
  core: CORE_CHECKERS,
  // G0: the core, I9, I10, the orphan check and I11-I14 (scenarios/g0 reads it from here).
  g0: [
    ...SPIKE_CHECKERS,
    checkOrphanMessages,
    checkOrderProof,
    checkHealthyOutcome,
    checkIdentity,
    checkAttemptFencing,
  ],
  g1: G1_CHECKERS,
  chaos: [...CORE_CHECKERS, checkOrphanMessages, checkOrderProof, checkHealthyOutcome, checkAttemptFencing],
} as const satisfies Readonly<Record<string, readonly Checker[]>>;

/**
 * Runs every checker. A checker that throws on a malformed history answers 'unknown' with the
 * error, as a crashed Jepsen checker does, so that it cannot hide the verdicts of the others.
 */
export function checkAll(
  history: History,
  checkers: readonly Checker[] = SPIKE_CHECKERS,
): { verdicts: Verdict[]; valid: Validity } {
  const verdicts = checkers.map((checker) => runChecker(checker, history));
  return { verdicts, valid: combineValidity(verdicts) };
}

function runChecker(checker: Checker, history: History): Verdict {
  try {
    return checker(history);
  } catch (err) {
    return nothingToJudge(
      checker.name,
      `${checker.name} could not run`,
      `${checker.name} threw: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export { checkPublishSwallow, type SwallowObservation } from './publish-swallow';
