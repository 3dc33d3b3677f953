/**
 * The checks conformance runs on a system: the core invariants and every check of the public
 * surfaces, fitted to what the system has (runner/system-checkers.ts).
 */
import { type Checker, CORE_CHECKERS, checkHttp, checkWorkerOff } from '../../invariants';
import { checkAttemptFencing } from '../../invariants/attempt-fencing';
import { checkHealthyOutcome } from '../../invariants/healthy-outcome';
import { checkIdentity } from '../../invariants/identity';
import { checkOrderProof } from '../../invariants/order-proof';
import { checkOrphanMessages } from '../../invariants/orphan-messages';
import { fitCheckers } from '../runner/system-checkers';
import type { SystemSurfaces } from '../system/system-under-test';

export function conformanceCheckers(surfaces: SystemSurfaces): readonly Checker[] {
  return fitCheckers(
    [
      ...CORE_CHECKERS,
      checkOrphanMessages,
      checkWorkerOff,
      checkHttp,
      checkOrderProof,
      checkHealthyOutcome,
      checkIdentity,
      checkAttemptFencing,
    ],
    surfaces,
  );
}
