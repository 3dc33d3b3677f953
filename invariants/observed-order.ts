/**
 * Invariant 3 for a system without status-log items (spec section 7): what the run saw of each
 * request must still follow the transition table. Readings of an item taken over the run, in
 * time order, may only move forward (RECEIVED < QUEUED < PROCESSING < final), a final status
 * never changes, and the item's last status is at least as far as anything seen. Weaker than
 * the log check (a step between two readings is invisible), and said so in the verdict.
 */
import { isFinalStatus, Status } from '../services/common';
import type { History } from './history';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

const RANK: Readonly<Record<string, number>> = {
  [Status.RECEIVED]: 0,
  [Status.QUEUED]: 1,
  [Status.PROCESSING]: 2,
  [Status.SUCCEEDED]: 3,
  [Status.REJECTED]: 3,
  [Status.FAILED_FINAL]: 3,
};

export function checkObservedOrder(history: History): Verdict {
  const seen = new Map<string, { time: number; status: string }[]>();
  for (const observation of history.observations) {
    const list = seen.get(observation.requestId);
    const reading = { time: observation.time, status: observation.status };
    if (list) list.push(reading);
    else seen.set(observation.requestId, [reading]);
  }
  for (const request of history.final.requests) {
    const list = seen.get(request.requestId);
    const reading = { time: Number.POSITIVE_INFINITY, status: request.status };
    if (list) list.push(reading);
    else seen.set(request.requestId, [reading]);
  }
  const counterexamples: unknown[] = [];
  let readings = 0;
  for (const [requestId, list] of seen) {
    list.sort((a, b) => a.time - b.time);
    readings += list.length;
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1] as { status: string };
      const after = list[i] as { status: string };
      const backwards = (RANK[after.status] ?? -1) < (RANK[before.status] ?? -1);
      const finalChanged = isFinalStatus(before.status as Status) && after.status !== before.status;
      if (backwards || finalChanged) {
        counterexamples.push({
          requestId,
          from: before.status,
          to: after.status,
          readings: list.map((r) => r.status),
        });
        break;
      }
    }
  }
  const title = 'No status reversal (observations only: the system has no status-log items)';
  const counts = { requests: seen.size, readings, reversals: counterexamples.length };
  if (seen.size === 0) {
    return nothingToJudge('I3', title, 'no request was read: nothing to judge', counts);
  }
  return judgedByViolations({
    id: 'I3',
    title,
    violations: counterexamples.length,
    counterexamples,
    summaryIfValid: `${seen.size} requests only moved forward across ${readings} readings (steps between readings are not visible without status logs)`,
    summaryIfInvalid: `${counterexamples.length} request(s) were seen moving backwards or leaving a final status`,
    counts,
  });
}
