/**
 * I3 No status reversal (spec section 6.3).
 *
 * The status logs of a request (PK REQ#<id>, SK LOG#<occurredAt>#<toStatus>) are written in the
 * same transaction as each change, so in time order they must be a path of the transition table
 * starting at creation, each log's fromStatus the previous log's toStatus, and the item's status
 * the last toStatus. Each SK must be the one the key module builds, otherwise SK order (what a
 * Query returns) and occurredAt order could differ.
 *
 * The observations taken during the run must never see a status go back in lifecycle order, and
 * a final status never changes. The final item is appended as the last observation. Observations
 * must come from strongly consistent reads, or a stale read would look like a reversal.
 */
import {
  findIllegalStep,
  isFinalStatus,
  type RequestItem,
  type Status,
  type StatusLogItem,
} from '../services/common';
import type { History, ItemObservation } from './history';
import { indexHistory, STATUS_RANK as RANK } from './history-index';
import { chainOrder } from './log-chain';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

// Read once: an imported binding costs a getter call per use once tsx has compiled the module.
const isFinal = isFinalStatus;
const illegalStepIn = findIllegalStep;

export function checkNoStatusReversal(history: History): Verdict {
  const index = indexHistory(history);
  const counterexamples: unknown[] = [];
  const counts = {
    requests: history.final.requests.length,
    statusLogs: history.final.statusLogs.length,
    observations: history.observations.length,
    illegalSteps: 0,
    brokenChains: 0,
    logKeyMismatches: index.logKeyMismatches.length,
    requestsWithoutLogs: 0,
    statusDiffersFromLastLog: 0,
    logsWithoutRequest: 0,
    observationViolations: 0,
    clockInversions: 0,
  };
  for (const log of index.logKeyMismatches.slice(0, COUNTEREXAMPLE_LIMIT)) {
    counterexamples.push({ kind: 'logKeyMismatch', log });
  }
  let violations = index.logKeyMismatches.length;
  const found = (counterexample: unknown) => {
    violations++;
    if (counterexamples.length < COUNTEREXAMPLE_LIMIT) counterexamples.push(counterexample);
  };

  for (const [i, requestId] of index.logs.extraIds.entries()) {
    counts.logsWithoutRequest++;
    found({ kind: 'logsWithoutRequest', requestId, logs: quote(index.logs.of(index.requestCount + i)) });
  }

  const inversions: unknown[] = [];
  const { requests } = history.final;
  for (let p = 0; p < requests.length; p++) {
    const request = requests[p] as RequestItem;
    // Chain order, not timestamp order: the logs come from different processes' clocks (I15).
    const chain = chainOrder(index.logs.of(index.requestNumberAt[p] as number));
    const logs = chain.ordered;
    counts.clockInversions += chain.clockInversions.length;
    for (const inversion of chain.clockInversions) {
      if (inversions.length < COUNTEREXAMPLE_LIMIT)
        inversions.push({ requestId: request.requestId, ...quoteInversion(inversion) });
    }
    const last = logs.at(-1);
    if (last === undefined) {
      counts.requestsWithoutLogs++;
      found({ kind: 'requestWithoutLogs', request });
      continue;
    }
    const illegal = illegalStepIn(logs.map(toStatusOf));
    if (illegal !== undefined) {
      counts.illegalSteps++;
      found({ kind: 'illegalStep', requestId: request.requestId, step: illegal, logs: quote(logs) });
    }
    let previous: StatusLogItem | undefined;
    for (const log of logs) {
      if (log.fromStatus !== (previous?.toStatus ?? null)) {
        counts.brokenChains++;
        found({ kind: 'brokenChain', requestId: request.requestId, previous, log });
      }
      previous = log;
    }
    if (request.status !== last.toStatus) {
      counts.statusDiffersFromLastLog++;
      found({ kind: 'statusDiffersFromLastLog', request, lastLog: last });
    }
  }

  const reversal = (counterexample: unknown) => {
    counts.observationViolations++;
    found(counterexample);
  };
  const observed = index.observations;
  for (let p = 0; p < requests.length; p++) {
    const group = index.requestNumberAt[p] as number;
    if (observed.start[group + 1] === observed.start[group]) continue;
    const request = requests[p] as RequestItem;
    const finalItem = { source: 'finalItem', requestId: request.requestId, status: request.status } as const;
    findObservedReversals(request.requestId, observed.of(group), finalItem, reversal);
  }
  // Observations of requests missing from the table are still judged among themselves.
  for (const [i, requestId] of observed.extraIds.entries()) {
    findObservedReversals(requestId, observed.of(index.requestCount + i), undefined, reversal);
  }

  const clocks =
    counts.clockInversions === 0
      ? ''
      : `; ${counts.clockInversions} clock inversion(s) between processes (a log stamped before its predecessor: clocks, not a reversal)`;
  return {
    id: 'I3',
    title: 'No status reversal: status logs are a path of the transition table, observations never go back',
    valid: violations === 0,
    summary:
      violations === 0
        ? `${counts.requests} requests follow the transition table in ${counts.statusLogs} logs and ${counts.observations} observations${clocks}`
        : `${violations} status-order violation(s) among ${counts.requests} requests${clocks}`,
    counts: { ...counts, violations },
    counterexamples,
    ...(inversions.length > 0 ? { clockInversions: inversions } : {}),
  };
}

function toStatusOf(log: StatusLogItem): Status {
  return log.toStatus;
}

function quoteInversion({ before, after }: { before: StatusLogItem; after: StatusLogItem }) {
  return {
    before: `${before.fromStatus ?? '-'}->${before.toStatus}@${before.occurredAt}`,
    after: `${after.fromStatus ?? '-'}->${after.toStatus}@${after.occurredAt}`,
    behindMs: before.occurredAt - after.occurredAt,
  };
}

/** An observation, or the final item read after the drain (always the last word). */
type Reading =
  | ItemObservation
  | { readonly source: 'finalItem'; readonly requestId: string; readonly status: string };

/**
 * Readings of one request in time order, then the final item: never back, and a final status
 * never changes. Reports through `report` so that a million requests build no result arrays.
 */
function findObservedReversals(
  requestId: string,
  observations: readonly ItemObservation[],
  finalItem: Reading | undefined,
  report: (counterexample: unknown) => void,
): void {
  // A plain loop, no closure per request: at 1M requests each closure is an allocation.
  let before: Reading | undefined;
  for (const observation of observations) before = step(requestId, before, observation, report);
  if (finalItem !== undefined) step(requestId, before, finalItem, report);
}

/** Judges one reading after the previous one; answers the reading the next one is compared with. */
function step(
  requestId: string,
  before: Reading | undefined,
  after: Reading,
  report: (counterexample: unknown) => void,
): Reading | undefined {
  if (!isStatus(after.status)) {
    report({ kind: 'unknownObservedStatus', requestId, observation: after });
    return before;
  }
  if (before !== undefined && isStatus(before.status)) {
    const wentBack = RANK[after.status] < RANK[before.status];
    const finalChanged = isFinal(before.status) && after.status !== before.status;
    if (wentBack || finalChanged) {
      report({ kind: finalChanged ? 'finalStatusChanged' : 'observedReversal', requestId, before, after });
    }
  }
  return after;
}

function isStatus(value: string): value is Status {
  return Object.hasOwn(RANK, value);
}

function quote<T>(records: readonly T[]): T[] {
  return records.slice(0, COUNTEREXAMPLE_LIMIT);
}
