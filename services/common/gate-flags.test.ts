import { describe, expect, it } from 'vitest';
import { GateFlagsInvalidError, isGateOnFor, parseGateFlags, rolloutBucketOf } from './gate-flags';

const users = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe('parseGateFlags', () => {
  it('defaults every path to off', () => {
    expect(parseGateFlags({})).toEqual({
      gate: false,
      rolloutPercent: 100,
    });
  });

  it('lists every invalid value in one error', () => {
    expect(() => parseGateFlags({ FEATURE_GATE: 'yes', FEATURE_GATE_ROLLOUT_PERCENT: '150' })).toThrow(
      /FEATURE_GATE:.*FEATURE_GATE_ROLLOUT_PERCENT/,
    );
    expect(() => parseGateFlags({ FEATURE_GATE: 'yes' })).toThrow(GateFlagsInvalidError);
  });
});

describe('isGateOnFor', () => {
  it('lets no user in when the gate is off, whatever the percentage', () => {
    const flags = parseGateFlags({ FEATURE_GATE: 'false', FEATURE_GATE_ROLLOUT_PERCENT: '100' });
    expect(users.filter((u) => isGateOnFor(flags, u))).toHaveLength(0);
  });

  it('puts about the rollout percentage of users on the gate (10% within 1.5 points)', () => {
    const flags = parseGateFlags({ FEATURE_GATE: 'true', FEATURE_GATE_ROLLOUT_PERCENT: '10' });
    const share = users.filter((u) => isGateOnFor(flags, u)).length / users.length;
    expect(share).toBeGreaterThan(0.085);
    expect(share).toBeLessThan(0.115);
  });

  it('keeps a user on the gate as the percentage grows (stable hash)', () => {
    const at = (percent: number) =>
      new Set(
        users.filter((u) =>
          isGateOnFor(
            parseGateFlags({ FEATURE_GATE: '1', FEATURE_GATE_ROLLOUT_PERCENT: String(percent) }),
            u,
          ),
        ),
      );
    const ten = at(10);
    const fifty = at(50);
    expect([...ten].every((u) => fifty.has(u))).toBe(true);
    expect(at(100).size).toBe(users.length);
    expect(at(0).size).toBe(0);
    expect(rolloutBucketOf('alice')).toBe(rolloutBucketOf('alice'));
  });
});
