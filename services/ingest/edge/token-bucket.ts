/**
 * Token buckets of the edge rate limit (architecture step 1: the gateway authenticates and applies
 * a basic rate limit). Pure: time comes from the caller.
 *
 *   tokens  burst |####.....##########      refill `ratePerSecond`, at most `burst`
 *                 take 1 per request; none left -> refuse, retry after (1 - tokens) / rate
 */
export interface BucketOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: BucketOptions,
    now: number,
  ) {
    if (!(options.ratePerSecond > 0))
      throw new RangeError(`ratePerSecond must be > 0, got ${options.ratePerSecond}`);
    if (!(options.burst >= 1)) throw new RangeError(`burst must be >= 1, got ${options.burst}`);
    this.tokens = options.burst;
    this.updatedAt = now;
  }

  /** Tokens now (refilled up to `burst`); a clock that goes back refills nothing. */
  available(now: number): number {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsed * this.options.ratePerSecond);
    this.updatedAt = Math.max(this.updatedAt, now);
    return this.tokens;
  }

  take(now: number): void {
    this.tokens = this.available(now) - 1;
  }

  /** Whole seconds until one token is there again (at least 1: the header has no fractions). */
  retryAfterSeconds(now: number): number {
    const missing = 1 - this.available(now);
    return Math.max(1, Math.ceil(missing / this.options.ratePerSecond));
  }

  isFull(now: number): boolean {
    return this.available(now) >= this.options.burst;
  }
}

export type LimitDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'user' | 'global'; readonly retryAfterSeconds: number };

export interface RateLimitOptions {
  readonly perUser: BucketOptions;
  readonly global: BucketOptions;
  /** Users tracked at once; beyond it the least recently seen are forgotten (a full bucket). */
  readonly maxUsers?: number;
}

/**
 * A per-user and a global bucket: a request passes only if both have a token, and then takes one
 * from each. A refused request takes nothing, so a client that hammers is refused, not starved
 * for longer.
 */
export class RateLimiter {
  private readonly users = new Map<string, TokenBucket>();
  private readonly global: TokenBucket;
  private readonly maxUsers: number;
  rejected = { user: 0, global: 0 };

  constructor(
    private readonly options: RateLimitOptions,
    now: number,
  ) {
    this.global = new TokenBucket(options.global, now);
    this.maxUsers = options.maxUsers ?? 100_000;
  }

  check(userId: string, now: number): LimitDecision {
    const user = this.bucketOf(userId, now);
    if (user.available(now) < 1) {
      this.rejected.user++;
      return { allowed: false, scope: 'user', retryAfterSeconds: user.retryAfterSeconds(now) };
    }
    if (this.global.available(now) < 1) {
      this.rejected.global++;
      return { allowed: false, scope: 'global', retryAfterSeconds: this.global.retryAfterSeconds(now) };
    }
    user.take(now);
    this.global.take(now);
    return { allowed: true };
  }

  private bucketOf(userId: string, now: number): TokenBucket {
    let bucket = this.users.get(userId);
    if (bucket) {
      // Map keeps insertion order: re-inserting marks the user as the most recently seen.
      this.users.delete(userId);
    } else {
      bucket = new TokenBucket(this.options.perUser, now);
      if (this.users.size >= this.maxUsers) {
        const oldest = this.users.keys().next().value;
        if (oldest !== undefined) this.users.delete(oldest);
      }
    }
    this.users.set(userId, bucket);
    return bucket;
  }
}
