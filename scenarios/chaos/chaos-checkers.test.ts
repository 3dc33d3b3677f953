import { describe, expect, it } from 'vitest';
import { CHECKER_SUITES } from '../../invariants';
import { CHAOS_CHECKERS } from './run-scenario';

describe('chaos checkers and the check command', () => {
  it('judge a recorded chaos history with the invariants the scenario uses', () => {
    expect(CHECKER_SUITES.chaos).toEqual(CHAOS_CHECKERS);
  });
});
