/**
 * A checker suite fitted to what a system has: without status-log items I3 judges observations
 * only and I14 cannot run (unknown, with the reason). Every runner judges a system through this,
 * so a check a system cannot feed never passes silently.
 */
import {
  type Checker,
  checkNoStatusReversal,
  type History,
  nothingToJudge,
  type Verdict,
} from '../../invariants';
import { checkAttemptFencing } from '../../invariants/attempt-fencing';
import { checkObservedOrder } from '../../invariants/observed-order';
import type { SystemSurfaces } from '../system/system-under-test';

export function fitCheckers(
  checkers: readonly Checker[],
  surfaces: Pick<SystemSurfaces, 'statusLogs'>,
): readonly Checker[] {
  if (surfaces.statusLogs) return checkers;
  return checkers.map((checker) =>
    checker === checkNoStatusReversal
      ? checkObservedOrder
      : checker === checkAttemptFencing
        ? cannotRun('I14', 'Attempt fencing', 'the system has no status-log items')
        : checker,
  );
}

/** A check the system's surfaces cannot feed: unknown with the reason, never a silent pass. */
export function cannotRun(id: string, title: string, reason: string): Checker {
  const checker = (_history: History): Verdict => unknownVerdict(id, title, reason);
  Object.defineProperty(checker, 'name', { value: `cannotRun${id}` });
  return checker;
}

export function unknownVerdict(id: string, title: string, reason: string): Verdict {
  return nothingToJudge(id, title, `not run: ${reason}`);
}
