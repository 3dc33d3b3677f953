/**
 * Invariant 15, order across processes: ingest and the workers stamp status logs with their own
 * clocks, so time order is not the order of events. The order is the chain: each log's
 * fromStatus is its predecessor's toStatus (a takeover's PROCESSING -> PROCESSING links by
 * attempt). Where the chain holds, a log stamped earlier than its predecessor is a clock
 * inversion between processes, reported as such; where it does not, time order stands and the
 * chain check of I3 reports the break.
 *
 *   ingest clock    RECEIVED@100  QUEUED@105
 *   worker clock    (3 ms behind)             PROCESSING@103  SUCCEEDED@110
 *   time order      RECEIVED QUEUED? no: PROCESSING@103 sorts before QUEUED@105
 *   chain order     RECEIVED -> QUEUED -> PROCESSING -> SUCCEEDED, one clock inversion (103 < 105)
 */
import type { Status, StatusLogItem } from '../services/common';

export interface ChainOrder {
  /** The logs in chain order, or in time order when no full chain exists. */
  readonly ordered: readonly StatusLogItem[];
  /** Consecutive pairs of the chain whose later log carries the earlier timestamp. */
  readonly clockInversions: readonly { readonly before: StatusLogItem; readonly after: StatusLogItem }[];
}

/** `timeOrdered` are one request's logs sorted by time (the index's order). */
export function chainOrder(timeOrdered: readonly StatusLogItem[]): ChainOrder {
  if (isPlainChain(timeOrdered)) return { ordered: timeOrdered, clockInversions: NO_INVERSIONS };
  const left = [...timeOrdered];
  const ordered: StatusLogItem[] = [];
  let current: Status | null = null;
  while (left.length > 0) {
    const from = current;
    const candidates = left.filter((log) => log.fromStatus === from);
    if (candidates.length === 0) return { ordered: timeOrdered, clockInversions: [] };
    // A takeover (PROCESSING -> PROCESSING) comes before the final step, attempt by attempt.
    const loops = candidates.filter((log) => log.toStatus === from).sort((a, b) => a.attempt - b.attempt);
    const next = (loops[0] ?? candidates[0]) as StatusLogItem;
    left.splice(left.indexOf(next), 1);
    ordered.push(next);
    current = next.toStatus;
  }
  const clockInversions = [];
  for (let i = 1; i < ordered.length; i++) {
    const before = ordered[i - 1] as StatusLogItem;
    const after = ordered[i] as StatusLogItem;
    if (after.occurredAt < before.occurredAt) clockInversions.push({ before, after });
  }
  return { ordered, clockInversions };
}

const NO_INVERSIONS: ChainOrder['clockInversions'] = [];

/**
 * Time order that already is the chain, with no takeover loop: the search below would pick each
 * log in the same order (the first remaining log from the current status is the next one in time)
 * and sorted timestamps cannot invert. Nearly every request of a run is this case, and at 1M
 * requests skipping the search's copies is most of I3's time.
 */
function isPlainChain(timeOrdered: readonly StatusLogItem[]): boolean {
  let current: Status | null = null;
  for (const log of timeOrdered) {
    if (log.fromStatus !== current || log.toStatus === log.fromStatus) return false;
    current = log.toStatus;
  }
  return true;
}
