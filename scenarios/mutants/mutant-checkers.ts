import { type Checker, CORE_CHECKERS, checkAnalyticsReconciliation, checkHttp } from '../../invariants';
import { checkAttemptFencing } from '../../invariants/attempt-fencing';
import { checkHealthyOutcome } from '../../invariants/healthy-outcome';
import { checkIdentity } from '../../invariants/identity';
import { checkOrderProof } from '../../invariants/order-proof';
import { checkOrphanMessages } from '../../invariants/orphan-messages';

/**
 * The checkers a short in-process run can decide: the core invariants, analytics reconciliation
 * (from the recorded events), the HTTP answers, and invariants 11-14 with the orphan check, every
 * check a mutant can be caught by. I9 (worker off) needs the G0 sampler's worker-off window, and
 * I6a the bucket's layout; neither exists here.
 */
export const MUTANT_CHECKERS: readonly Checker[] = [
  ...CORE_CHECKERS,
  checkOrphanMessages,
  checkAnalyticsReconciliation,
  checkHttp,
  checkOrderProof,
  checkHealthyOutcome,
  checkIdentity,
  checkAttemptFencing,
];
