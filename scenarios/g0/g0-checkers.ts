/**
 * What G0 judges: the core invariants, orphan dead letters, the worker-off window (I9), the
 * spike's HTTP budget (I10), 202-after-QUEUED (I11), healthy outcomes (I12), identity from the
 * run's probe (I13) and attempt fencing (I14); and the runbook's steps, which must all have
 * happened for the run to pass.
 */
import { ALL_CHECKERS, type Checker, type Verdict } from '../../invariants';
import { checkAttemptFencing } from '../../invariants/attempt-fencing';
import { checkHealthyOutcome } from '../../invariants/healthy-outcome';
import { checkIdentity } from '../../invariants/identity';
import { checkOrderProof } from '../../invariants/order-proof';
import { checkOrphanMessages } from '../../invariants/orphan-messages';

export const G0_CHECKERS: readonly Checker[] = [
  ...ALL_CHECKERS,
  checkOrphanMessages,
  checkOrderProof,
  checkHealthyOutcome,
  checkIdentity,
  checkAttemptFencing,
];

/** The runbook's steps as a verdict: a step that failed fails the run, whatever the checkers say. */
export function stepsVerdict(failedSteps: readonly string[]): Verdict {
  return {
    id: 'steps',
    title: 'Runbook steps: spike recorded, depth rose, drain finished, samples read final',
    valid: failedSteps.length === 0,
    summary:
      failedSteps.length === 0
        ? 'every step of the runbook happened'
        : `failed steps: ${failedSteps.join(', ')}`,
    counts: { failedSteps: failedSteps.length },
    counterexamples: failedSteps.map((step) => ({ step })),
  };
}
