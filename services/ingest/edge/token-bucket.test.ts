import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('never lets more than burst + rate * elapsed requests through (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 }),
        (rate, burst, gaps) => {
          // Prepare
          const bucket = new TokenBucket({ ratePerSecond: rate, burst }, 0);
          let now = 0;
          let passed = 0;
          // Act
          for (const gap of gaps) {
            now += gap;
            if (bucket.available(now) >= 1) {
              bucket.take(now);
              passed++;
            }
          }
          // Assess
          expect(passed).toBeLessThanOrEqual(burst + (rate * now) / 1000 + 1e-9);
        },
      ),
    );
  });

  it('refuses once the burst is spent and says when one token is back', () => {
    const bucket = new TokenBucket({ ratePerSecond: 0.5, burst: 2 }, 0);
    bucket.take(0);
    bucket.take(0);

    expect(bucket.available(0)).toBe(0);
    expect(bucket.retryAfterSeconds(0)).toBe(2);
    expect(bucket.available(2_000)).toBeCloseTo(1);
  });

  it('refills nothing when the clock goes back', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1 }, 5_000);
    bucket.take(5_000);

    expect(bucket.available(1_000)).toBe(0);
  });
});

describe('RateLimiter', () => {
  const limiter = (maxUsers?: number) =>
    new RateLimiter(
      {
        perUser: { ratePerSecond: 1, burst: 2 },
        global: { ratePerSecond: 1, burst: 3 },
        ...(maxUsers ? { maxUsers } : {}),
      },
      0,
    );

  it('refuses a user past its own burst while others still pass, then the global bucket', () => {
    const subject = limiter();

    const decisions = ['a', 'a', 'a', 'b', 'c'].map((user) => subject.check(user, 0));

    expect(decisions.map((d) => (d.allowed ? 'ok' : d.scope))).toEqual(['ok', 'ok', 'user', 'ok', 'global']);
    expect(subject.rejected).toEqual({ user: 1, global: 1 });
  });

  it('takes no token from the user when the global bucket refuses', () => {
    const subject = limiter();
    subject.check('a', 0);
    subject.check('b', 0);
    subject.check('c', 0);

    expect(subject.check('d', 0)).toMatchObject({ allowed: false, scope: 'global' });
    expect(subject.check('d', 1_000)).toEqual({ allowed: true });
  });

  it('forgets the least recently seen user beyond maxUsers (a full bucket again)', () => {
    const subject = new RateLimiter(
      {
        perUser: { ratePerSecond: 0.001, burst: 1 },
        global: { ratePerSecond: 1000, burst: 1000 },
        maxUsers: 2,
      },
      0,
    );
    subject.check('a', 0);
    subject.check('b', 0);
    subject.check('c', 0);

    expect(subject.check('a', 0)).toEqual({ allowed: true });
    expect(subject.check('c', 0)).toMatchObject({ allowed: false, scope: 'user' });
  });
});
