/**
 * I10 HTTP (spec section 6.10): during the spike fewer than 1% of participations fail, and
 * every 202 carries a requestId and no status.
 *
 * Failed = a definite error ('fail') or an unknown outcome ('info', e.g. a timeout): a client
 * that got no answer was failed by the service just the same. The 202 rule is checked on every
 * answer with HTTP 202, whatever type the collector gave it, so that a 202 the collector could
 * not classify as ok (no requestId) is still caught.
 */
import type { History, ParticipateOperation } from './history';
import { COUNTEREXAMPLE_LIMIT, type Validity, type Verdict } from './verdict';

/** Failures must stay strictly below this share of all participations. */
export const MAX_FAILED_SHARE = 0.01;
const ACCEPTED = 202;

export function checkHttp(history: History): Verdict {
  const operations = history.operations.filter((op) => op.f === 'participate');
  // One counting pass: a filtered copy per outcome is three arrays of a million answers.
  let ok = 0;
  let fail = 0;
  let info = 0;
  for (const { type } of operations) {
    if (type === 'ok') ok++;
    else if (type === 'fail') fail++;
    else if (type === 'info') info++;
  }
  const failed = fail + info;
  const counterexamples: unknown[] = [];

  if (operations.length > 0 && failed / operations.length >= MAX_FAILED_SHARE) {
    counterexamples.push({
      kind: 'tooManyFailures',
      failed,
      total: operations.length,
      failures: operations.filter((op) => op.type !== 'ok').slice(0, COUNTEREXAMPLE_LIMIT),
    });
  }
  let badAccepted = 0;
  for (const op of operations) {
    const problems = acceptedProblems(op);
    if (problems.length === 0) continue;
    badAccepted++;
    counterexamples.push({ kind: 'bad202', problems, operation: op });
  }

  const valid: Validity = counterexamples.length > 0 ? false : operations.length === 0 ? 'unknown' : true;
  const percent = operations.length === 0 ? 0 : (100 * failed) / operations.length;
  return {
    id: 'I10',
    title: 'HTTP: failed participations < 1%, every 202 carries a requestId and no status',
    valid,
    summary:
      valid === 'unknown'
        ? 'no participation was recorded'
        : `${failed} of ${operations.length} participations failed (${percent.toFixed(2)}%), ${badAccepted} bad 202 answers`,
    counts: {
      total: operations.length,
      ok,
      fail,
      info,
      failed,
      failedPercent: percent,
      bad202: badAccepted,
      ...countByStatus(operations),
    },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/** What is wrong with an answer that claims acceptance (type ok or HTTP 202). */
function acceptedProblems(op: ParticipateOperation): string[] {
  const claimsAccepted = op.type === 'ok' || op.httpStatus === ACCEPTED;
  if (!claimsAccepted) return [];
  // The usual case, answered without building the list of problems.
  const statusFine = op.httpStatus === undefined || op.httpStatus === ACCEPTED;
  if (statusFine && op.requestId !== undefined && op.requestId !== '' && op.bodyHasStatus !== true) return [];
  return [
    ...(op.httpStatus !== undefined && op.httpStatus !== ACCEPTED
      ? [`ok with HTTP ${op.httpStatus}, not 202`]
      : []),
    ...(op.requestId === undefined || op.requestId === '' ? ['no requestId'] : []),
    ...(op.bodyHasStatus === true ? ['body has a status field'] : []),
  ];
}

/** Counts are flat numbers, so each HTTP status gets its own key: byStatus.202, byStatus.none. */
function countByStatus(operations: readonly ParticipateOperation[]): Record<string, number> {
  // Counted by the number first: building the key string per operation cost more than the count.
  const counts = new Map<number | undefined, number>();
  for (const op of operations) counts.set(op.httpStatus, (counts.get(op.httpStatus) ?? 0) + 1);
  const byStatus: Record<string, number> = {};
  for (const [status, count] of counts) byStatus[`byStatus.${status ?? 'none'}`] = count;
  return byStatus;
}
