/**
 * The bug zoo's catalog: every mutant with the invariant that must catch it. Each lives in its own
 * file beside its targeted scenario; `make chaos` reports how many are caught (mutation-score.ts).
 */
import { answerBeforeQueued } from './answer-before-queued';
import { capacitySplitCalls } from './capacity-split-calls';
import { deleteAfterFailedFinal } from './delete-after-failed-final';
import { deleteWhileReceived } from './delete-while-received';
import { duplicateEnqueuesFresh } from './duplicate-enqueues-fresh';
import { duplicateEnqueuesOrphan } from './duplicate-enqueues-orphan';
import { finalWithoutStatusCondition } from './final-without-status-condition';
import { gsiKeysMissing } from './gsi-keys-missing';
import { lockWithoutCondition } from './lock-without-condition';
import { meTrustsQueryUser } from './me-trusts-query-user';
import type { MutantDefinition } from './mutant';
import { queuedAtRewritten } from './queued-at-rewritten';
import { skipCapacityCondition } from './skip-capacity-condition';
import { statusLogSeparateCall } from './status-log-separate-call';
import { noLeaseTakeover, takeoverKeepsAttempt, takeoverResetsStartedAt } from './takeover-mutants';
import { userIdFromBody } from './userid-from-body';
import { workerSideQueuedAt } from './worker-side-queued-at';

export type { ExpectedViolation, MutantDefinition, ScenarioResult, Variant } from './mutant';

export const MUTANTS: readonly MutantDefinition[] = [
  capacitySplitCalls,
  deleteWhileReceived,
  queuedAtRewritten,
  gsiKeysMissing,
  finalWithoutStatusCondition,
  lockWithoutCondition,
  deleteAfterFailedFinal,
  workerSideQueuedAt,
  duplicateEnqueuesFresh,
  meTrustsQueryUser,
  skipCapacityCondition,
  answerBeforeQueued,
  noLeaseTakeover,
  userIdFromBody,
  takeoverKeepsAttempt,
  takeoverResetsStartedAt,
  statusLogSeparateCall,
  duplicateEnqueuesOrphan,
];

export function findMutant(name: string): MutantDefinition | undefined {
  return MUTANTS.find((mutant) => mutant.name === name);
}
