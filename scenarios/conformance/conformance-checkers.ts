/**
 * The checks conformance runs on a system, chosen by what the system has: without status-log
 * items I3 judges observations only and I14 cannot run (unknown, with the reason); everything
 * else judges the public surfaces every system has.
 */
import {
  type Checker,
  CORE_CHECKERS,
  checkHttp,
  checkNoStatusReversal,
  checkWorkerOff,
  type History,
  type Verdict,
} from '../../invariants';
import { checkAttemptFencing } from '../../invariants/attempt-fencing';
import { checkHealthyOutcome } from '../../invariants/healthy-outcome';
import { checkIdentity } from '../../invariants/identity';
import { checkObservedOrder } from '../../invariants/observed-order';
import { checkOrderProof } from '../../invariants/order-proof';
import { checkOrphanMessages } from '../../invariants/orphan-messages';
import type { SystemSurfaces } from '../system/system-under-test';

export function conformanceCheckers(surfaces: SystemSurfaces): readonly Checker[] {
  const core = CORE_CHECKERS.map((checker) =>
    checker === checkNoStatusReversal && !surfaces.statusLogs ? checkObservedOrder : checker,
  );
  return [
    ...core,
    checkOrphanMessages,
    checkWorkerOff,
    checkHttp,
    checkOrderProof,
    checkHealthyOutcome,
    checkIdentity,
    surfaces.statusLogs
      ? checkAttemptFencing
      : cannotRun('I14', 'Attempt fencing', 'the system has no status-log items'),
  ];
}

/** A check the system's surfaces cannot feed: unknown with the reason, never a silent pass. */
export function cannotRun(id: string, title: string, reason: string): Checker {
  const checker = (_history: History): Verdict => ({
    id,
    title,
    valid: 'unknown',
    summary: `not run: ${reason}`,
    counts: {},
    counterexamples: [],
  });
  Object.defineProperty(checker, 'name', { value: `cannotRun${id}` });
  return checker;
}
