/**
 * Dense request numbers and records grouped by them (the parts of the history index that know
 * nothing of status logs): each distinct requestId of the final items gets a number once, and
 * any record kind that names requestIds is grouped by a counting sort into typed arrays.
 */
import type { RequestItem } from '../services/common';
import { TextPairNumbers } from './text-pair-numbers';

/**
 * Records grouped by request number, as a counting sort builds them (CSR): the records of group
 * g are `records[order[k]]` for k in start[g] .. start[g + 1] - 1, in the group's order. Group
 * numbers below `requestCount` are the requests' numbers; the others are `extraIds`, requestIds
 * only these records name, numbered requestCount + i in order of first appearance.
 */
export interface Grouped<T> {
  readonly records: readonly T[];
  readonly start: Int32Array;
  readonly order: Int32Array;
  /** Group numbers in order of their first record (only groups that have records). */
  readonly groupsInOrder: Int32Array;
  readonly extraIds: readonly string[];
  /** The group's records, a new array (empty for a number with none). */
  of(group: number): T[];
  /** The group of a requestId, undefined when no record names it. */
  groupOf(requestId: string): number | undefined;
}

export interface RequestNumbers {
  readonly items: readonly RequestItem[];
  /** The number of a requestId, undefined for none; a table look-up (see TextPairNumbers). */
  readonly numberOf: (requestId: string) => number | undefined;
  /** numberOf, trying the numbers after the last one found before hashing (see below). */
  readonly find: (requestId: string) => number | undefined;
  readonly ids: string[];
  /** Position in items of the item each number stands for. */
  readonly positions: Int32Array;
  readonly numberAt: Int32Array;
}

export function numberRequests(items: readonly RequestItem[]): RequestNumbers {
  // A table of numbers rather than a Map: a third faster to fill with 1M requestIds, and no
  // million heap entries for the collector to keep.
  const table = new TextPairNumbers(items.length);
  const ids: string[] = [];
  const numberAt = new Int32Array(items.length);
  let positions = new Int32Array(items.length);
  for (let p = 0; p < items.length; p++) {
    const id = (items[p] as RequestItem).requestId;
    const n = table.numberOf('', id);
    if (n === ids.length) ids.push(id);
    numberAt[p] = n;
    positions[n] = p;
  }
  const numberOf = (requestId: string): number | undefined => {
    const n = table.find('', requestId);
    return n < 0 ? undefined : n;
  };
  positions = positions.subarray(0, ids.length);
  // Records are usually read in the requests' order (answers as they were sent, locks and logs
  // from one table read): the next number, or the same again, is nearly always the one. Only a
  // hint: the answer is the map's either way.
  let last = 0;
  const find = (requestId: string): number | undefined => {
    if (ids[last] === requestId) return last;
    if (ids[last + 1] === requestId) return ++last;
    const found = numberOf(requestId);
    if (found !== undefined) last = found;
    return found;
  };
  return { items, numberOf, find, ids, positions, numberAt };
}

/**
 * Groups records by the request number of their requestId (`idAt` answers it, undefined to leave
 * a record out) with a counting sort: O(n), two Int32Arrays, no array per request. Consecutive
 * records naming the same id (a table read returns a request's logs together) cost one look-up.
 */
export function groupRecords<T>(
  numbers: RequestNumbers,
  records: readonly T[],
  idAt: (record: T, position: number) => string | undefined,
): Grouped<T> {
  const { numberOf, ids } = numbers;
  const requestCount = ids.length;
  const extraIds: string[] = [];
  const extraOf = new Map<string, number>();
  // Scratch in plain arrays, on the V8 heap: a typed array's buffer counts as external memory,
  // and 64 MB of it since the last full collection starts another one (of the whole history).
  const groupAt = new Array<number>(records.length);
  let lastId: string | undefined;
  let lastGroup = -1;
  for (let i = 0; i < records.length; i++) {
    const id = idAt(records[i] as T, i);
    if (id === undefined) {
      groupAt[i] = -1;
      continue;
    }
    if (id !== lastId) {
      lastId = id;
      // Records usually come in the requests' order (one table read): try the next request
      // before hashing the id into the map.
      const next = lastGroup + 1;
      let group = next < requestCount && ids[next] === id ? next : (numberOf(id) ?? extraOf.get(id));
      if (group === undefined) {
        group = requestCount + extraIds.length;
        extraOf.set(id, group);
        extraIds.push(id);
      }
      lastGroup = group;
    }
    groupAt[i] = lastGroup;
  }
  const groups = requestCount + extraIds.length;
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < records.length; i++) {
    const g = groupAt[i] as number;
    if (g >= 0) start[g + 1] = (start[g + 1] as number) + 1;
  }
  let nonEmpty = 0;
  for (let g = 0; g < groups; g++) {
    if ((start[g + 1] as number) > 0) nonEmpty++;
    start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  }
  const fill = Array.from(start.subarray(0, groups));
  const order = new Int32Array(start[groups] as number);
  const groupsInOrder = new Int32Array(nonEmpty);
  let seen = 0;
  for (let i = 0; i < records.length; i++) {
    const g = groupAt[i] as number;
    if (g < 0) continue;
    const k = fill[g] as number;
    if (k === start[g]) groupsInOrder[seen++] = g;
    order[k] = i;
    fill[g] = k + 1;
  }
  const of = (group: number): T[] => {
    if (group < 0 || group >= groups) return [];
    const from = start[group] as number;
    const to = start[group + 1] as number;
    const out = new Array<T>(to - from);
    for (let k = from; k < to; k++) out[k - from] = records[order[k] as number] as T;
    return out;
  };
  return {
    records,
    start,
    order,
    groupsInOrder,
    extraIds,
    of,
    groupOf: (id) => {
      const group = numberOf(id) ?? extraOf.get(id);
      return group !== undefined && group < groups && (start[group + 1] as number) > (start[group] as number)
        ? group
        : undefined;
    },
  };
}

/** Sorts each group of `order` in place by `compare`, leaving the (usual) sorted ones untouched. */
export function sortGroups<T>(grouped: Grouped<T>, compare: (a: T, b: T) => number): void {
  const { records, start, order } = grouped;
  for (let g = 0; g + 1 < start.length; g++) {
    const from = start[g] as number;
    const to = start[g + 1] as number;
    let sorted = true;
    for (let k = from + 1; k < to && sorted; k++) {
      sorted = compare(records[order[k - 1] as number] as T, records[order[k] as number] as T) <= 0;
    }
    if (sorted) continue;
    // Array.prototype.sort is stable: equal records keep the order they were recorded in.
    const positions = Array.from(order.subarray(from, to)).sort((a, b) =>
      compare(records[a] as T, records[b] as T),
    );
    order.set(positions, from);
  }
}
