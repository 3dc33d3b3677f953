import { describe, expect, it } from 'vitest';
import { requestIdOf, timestampsOf, unexpected202Fields, valueAt } from './answer-shape';
import { SPEC_ANSWERS } from './system-under-test';

const nested = { requestIdPath: 'data.id', extra202Fields: ['accepted'], timestampsPath: 'timestamps' };

describe('answer shapes', () => {
  it('reads the requestId where the system puts it', () => {
    expect(requestIdOf({ requestId: 'r-1' }, SPEC_ANSWERS)).toBe('r-1');
    expect(requestIdOf({ data: { id: 'r-2' } }, nested)).toBe('r-2');
    expect(requestIdOf({ data: {} }, nested)).toBeUndefined();
    expect(requestIdOf('not an object', SPEC_ANSWERS)).toBeUndefined();
  });

  it('flags 202 fields beyond the requestId and the declared extras', () => {
    expect(unexpected202Fields({ requestId: 'r', status: 'QUEUED' }, SPEC_ANSWERS)).toEqual(['status']);
    expect(unexpected202Fields({ data: { id: 'r' }, accepted: true }, nested)).toEqual([]);
    expect(unexpected202Fields({ data: { id: 'r' }, accepted: true, status: 'X' }, nested)).toEqual([
      'status',
    ]);
  });

  it('reads timestamps at the top level or nested, numbers only', () => {
    expect(timestampsOf({ queuedAt: 5, startedAt: null }, SPEC_ANSWERS)).toEqual({ queuedAt: 5 });
    expect(timestampsOf({ timestamps: { requestedAt: 1, finishedAt: 9 } }, nested)).toEqual({
      requestedAt: 1,
      finishedAt: 9,
    });
    expect(valueAt({ a: { b: 2 } }, 'a.b')).toBe(2);
  });
});
