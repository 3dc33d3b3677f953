/**
 * Invariant 12, healthy outcome: a request that no fault or poison targeted ends SUCCEEDED or
 * REJECTED. A crash, a slow handler or a throttled call must not dead-letter it: lease takeover
 * and retries exist for that. The run names what its fault may legitimately fail (poisoned
 * requests, the sweep giving up while the queue is down); every other FAILED_FINAL is quoted.
 */
import { type RequestItem, Status } from '../services/common';
import type { History } from './history';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

/**
 * Whether the run excuses a request's failure: it was poisoned, or its fault may fail it (by
 * requestId or resultCode). Shared with I7, so that a healthy request's dead letter is excused by
 * the same rule that excuses its FAILED_FINAL, and the two verdicts cannot disagree.
 */
export function failureExcuse(history: History): (request: RequestItem) => boolean {
  const excusedIds = new Set<string>(history.poisonRequestIds ?? []);
  const excusedCodes = new Set<string>();
  for (const rule of history.legitimateFailures ?? []) {
    for (const id of rule.requestIds ?? []) excusedIds.add(id);
    for (const code of rule.resultCodes ?? []) excusedCodes.add(code);
  }
  return (request) => excusedIds.has(request.requestId) || excusedCodes.has(request.resultCode ?? '');
}

export function checkHealthyOutcome(history: History): Verdict {
  const excused = failureExcuse(history);
  const counterexamples: unknown[] = [];
  let finals = 0;
  let excusedCount = 0;
  for (const request of history.final.requests) {
    if (request.status === Status.SUCCEEDED || request.status === Status.REJECTED) finals++;
    if (request.status !== Status.FAILED_FINAL) continue;
    finals++;
    if (excused(request)) {
      excusedCount++;
      continue;
    }
    const { requestId, userId, resultCode, failureClass, errorCode, errorMessage, attempt } = request;
    counterexamples.push({ requestId, userId, resultCode, failureClass, errorCode, errorMessage, attempt });
  }
  const title = 'Healthy outcome: no request that the fault did not target ends FAILED_FINAL';
  const counts = {
    finalRequests: finals,
    excusedFailures: excusedCount,
    unexcusedFailures: counterexamples.length,
  };
  if (finals === 0) {
    return nothingToJudge('I12', title, 'no final request: nothing to judge', counts);
  }
  return judgedByViolations({
    id: 'I12',
    title,
    violations: counterexamples.length,
    counterexamples,
    summaryIfValid: `${finals} final requests, ${excusedCount} failed as the run's fault allows, none failed otherwise`,
    summaryIfInvalid: `${counterexamples.length} healthy request(s) ended FAILED_FINAL that no fault or poison targeted`,
    counts,
  });
}
