import { describe, expect, it } from 'vitest';
import { Status } from '../services/common';
import type { History } from './history';
import { checkAll, SPIKE_CHECKERS } from './index';
import { buildRunHistory, requestIdFor, withRequest } from './test-helpers';
import type { Checker } from './verdict';

describe('checkAll', () => {
  it('runs the checkers in invariant order', () => {
    const history = buildRunHistory({ users: 5, poisonUsers: 1 });

    const { verdicts } = checkAll(history);

    expect(verdicts.map((v) => v.id)).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I9', 'I10']);
    expect(verdicts).toHaveLength(SPIKE_CHECKERS.length);
  });

  it('holds on a consistent run with rejections and a poison message', () => {
    // Prepare
    const history = buildRunHistory({ capacity: 3, users: 8, poisonUsers: 2 });

    // Act
    const { verdicts, valid } = checkAll(history);

    // Assess
    expect(verdicts.filter((v) => v.valid !== true).map((v) => `${v.id}: ${v.summary}`)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is invalid when one invariant is broken, and says which', () => {
    const history = withRequest(buildRunHistory({ users: 3 }), requestIdFor(2), {
      status: Status.PROCESSING,
    });

    const { verdicts, valid } = checkAll(history);

    expect(valid).toBe(false);
    expect(verdicts.filter((v) => v.valid === false).map((v) => v.id)).toEqual(
      expect.arrayContaining(['I3', 'I5']),
    );
  });

  it('answers unknown for a checker that throws, keeping the other verdicts', () => {
    const broken: Checker = function checkBroken(_history: History) {
      throw new Error('malformed history');
    };

    const { verdicts, valid } = checkAll(buildRunHistory(), [SPIKE_CHECKERS[0] as Checker, broken]);

    expect(valid).toBe('unknown');
    expect(verdicts[0]?.valid).toBe(true);
    expect(verdicts[1]).toMatchObject({
      id: 'checkBroken',
      valid: 'unknown',
      summary: expect.stringContaining('malformed history'),
    });
  });
});
