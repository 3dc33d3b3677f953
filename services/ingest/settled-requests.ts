/**
 * Requests this process has seen past RECEIVED. A status never returns to RECEIVED, so a
 * duplicate of such a request needs no heal and no read of the request: under a storm of one
 * user's duplicates, each costs only the GetItem of the lock. Bounded: the oldest entries go first.
 */
export class SettledRequests {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be positive, got ${capacity}`);
  }

  has(requestId: string): boolean {
    return this.seen.has(requestId);
  }

  add(requestId: string): void {
    if (this.seen.has(requestId)) return;
    if (this.seen.size >= this.capacity) {
      // A Set iterates in insertion order: the first value is the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(requestId);
  }

  get size(): number {
    return this.seen.size;
  }
}
