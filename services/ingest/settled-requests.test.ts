import { describe, expect, it } from 'vitest';
import { forEachBounded } from './for-each-bounded';
import { SettledRequests } from './settled-requests';

describe('SettledRequests', () => {
  const request = (requestId: string, userId = `user-${requestId}`) => ({ requestId, eventId: 'E', userId });

  it('remembers requests and their pairs up to its capacity and forgets the oldest first', () => {
    const settled = new SettledRequests(2);
    settled.add(request('a'));
    settled.add(request('b'));
    settled.add(request('a'));
    settled.add(request('c'));

    expect([settled.has('a'), settled.has('b'), settled.has('c')]).toEqual([false, true, true]);
    expect(settled.lockedRequestId('E', 'user-a')).toBeUndefined();
    expect(settled.lockedRequestId('E', 'user-c')).toBe('c');
    expect(settled.size).toBe(2);
  });

  it('keeps the first requestId of a pair: a lock never names another one', () => {
    const settled = new SettledRequests();
    settled.add(request('first', 'u'));
    settled.add(request('second', 'u'));

    expect(settled.lockedRequestId('E', 'u')).toBe('first');
  });
});

describe('forEachBounded', () => {
  it('runs every item with at most `limit` at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];

    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(item);
      running--;
    });

    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a limit below 1', async () => {
    await expect(forEachBounded([1], 0, async () => {})).rejects.toThrow(RangeError);
  });
});
