/**
 * What this process knows for sure about requests past RECEIVED. A status never returns to
 * RECEIVED and a lock never changes the requestId it names (it is written once, conditionally,
 * and only expires after its event), so both facts stay true once seen:
 *
 *   requestId past RECEIVED   -> a duplicate needs no heal and no read of the request
 *   (eventId, userId) -> id   -> a duplicate of a settled request needs no read of the lock either
 *
 * Under a storm of one user's duplicates the first one reads the lock (and the request), every
 * later one is answered from here. Bounded: the oldest entries go first.
 */
export class SettledRequests {
  private readonly requests = new Set<string>();
  private readonly locks = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be positive, got ${capacity}`);
  }

  has(requestId: string): boolean {
    return this.requests.has(requestId);
  }

  /** The requestId of a settled request of this pair, if this process has seen one. */
  lockedRequestId(eventId: string, userId: string): string | undefined {
    return this.locks.get(pairOf(eventId, userId));
  }

  add(request: { readonly requestId: string; readonly eventId: string; readonly userId: string }): void {
    if (!this.requests.has(request.requestId)) {
      evictOldest(this.requests, this.capacity);
      this.requests.add(request.requestId);
    }
    const pair = pairOf(request.eventId, request.userId);
    if (!this.locks.has(pair)) {
      evictOldest(this.locks, this.capacity);
      this.locks.set(pair, request.requestId);
    }
  }

  get size(): number {
    return this.requests.size;
  }
}

/** Identifiers never contain '#' (identifiers.ts), so the pair is unambiguous. */
function pairOf(eventId: string, userId: string): string {
  return `${eventId}#${userId}`;
}

/** Sets and Maps iterate in insertion order: the first key is the oldest. */
function evictOldest(collection: Set<string> | Map<string, string>, capacity: number): void {
  if (collection.size < capacity) return;
  const oldest = collection.keys().next().value;
  if (oldest !== undefined) collection.delete(oldest);
}
