import { describe, expect, it } from 'vitest';
import { eventKeys, GateKeyPartInvalidError, hashTagOf } from './keys';

describe('eventKeys', () => {
  it('puts every key of an event on the same hash tag', () => {
    const keys = eventKeys('EVT-009');
    const all = [
      keys.seq,
      keys.queue,
      keys.inventory,
      keys.holds,
      keys.bucket,
      keys.user('alice'),
      keys.stream(3),
      keys.userSeq('alice'),
      keys.applied('alice'),
    ];
    expect(new Set(all.map(hashTagOf))).toEqual(new Set(['evt:EVT-009']));
    expect(new Set(all).size).toBe(all.length);
  });

  it('rejects ids that would open a second hash tag or contain spaces', () => {
    expect(() => eventKeys('a}b')).toThrow(GateKeyPartInvalidError);
    expect(() => eventKeys('EVT').user('{x}')).toThrow(GateKeyPartInvalidError);
    expect(() => eventKeys('a b')).toThrow(GateKeyPartInvalidError);
  });
});
