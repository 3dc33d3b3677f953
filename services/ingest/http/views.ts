import type { RequestItem } from '../../common';
import type { RequestView } from './responses';

/** What an owner sees of a request: no keys, no lease, no internal failure details. */
export function requestView(item: RequestItem): RequestView {
  return {
    requestId: item.requestId,
    eventId: item.eventId,
    status: item.status,
    resultCode: item.resultCode ?? null,
    requestedAt: item.requestedAt,
    queuedAt: item.queuedAt ?? null,
    startedAt: item.startedAt ?? null,
    finishedAt: item.finishedAt ?? null,
  };
}

export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const value = key(item) ?? 'NONE';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}
