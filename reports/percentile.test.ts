import { describe, expect, it } from 'vitest';
import { formatDelay, nearestRankPercentile } from './percentile';

const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i);

describe('nearestRankPercentile', () => {
  it('takes the value at rank ceil(p/100 * n), whatever the input order', () => {
    expect(nearestRankPercentile(oneToHundred, 50)).toBe(50);
    expect(nearestRankPercentile(oneToHundred, 95)).toBe(95);
    expect(nearestRankPercentile(oneToHundred, 99)).toBe(99);
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 95)).toBe(10);
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 50)).toBe(5);
    // Rank 4.1 is rank 5: at least 41 % of ten values means five of them.
    expect(nearestRankPercentile([3, 1, 2, 10, 4, 5, 9, 6, 8, 7], 41)).toBe(5);
  });

  it('does not round a rank up because of floating point (7 % of 100 is rank 7)', () => {
    expect(nearestRankPercentile(oneToHundred, 7)).toBe(7);
    expect(nearestRankPercentile(oneToHundred, 29)).toBe(29);
  });

  it('gives the minimum at p = 0, the only value for one value, and null for none', () => {
    expect(nearestRankPercentile([4, 2, 9], 0)).toBe(2);
    expect(nearestRankPercentile([42], 99)).toBe(42);
    expect(nearestRankPercentile([], 50)).toBeNull();
    expect(nearestRankPercentile([Number.NaN], 50)).toBeNull();
  });

  it('leaves its input unsorted and refuses a percentile outside 0..100', () => {
    const values = [3, 1, 2];
    nearestRankPercentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
    expect(() => nearestRankPercentile(values, 0.95 * 1000)).toThrow(RangeError);
  });
});

describe('formatDelay', () => {
  it('prints milliseconds below ten seconds and seconds from there on', () => {
    expect(formatDelay(42.25)).toBe('42.3 ms');
    expect(formatDelay(9_999)).toBe('9999 ms');
    expect(formatDelay(10_000)).toBe('10.0 s');
    expect(formatDelay(-12_500)).toBe('-12.5 s');
  });
});
