import { describe, expect, it } from 'vitest';
import { CHECKER_SUITES } from '../../invariants';
import { runStepsVerdict } from '../../invariants/run-steps';
import { G0_CHECKERS, stepsVerdict } from './g0-checkers';

// `check` re-judges a G0 folder with the registry's g0 suite and the steps recorded in the
// history header: both must be what the run itself judged with.
describe('G0 checkers and the check command', () => {
  it('judge a recorded G0 history with the checkers the run uses', () => {
    expect(CHECKER_SUITES.g0).toEqual(G0_CHECKERS);
  });

  it.each([[[]], [['drain']], [['http', 'depth-rise']]])(
    'word the steps verdict alike for %j',
    (failedSteps) => {
      expect(runStepsVerdict(failedSteps)).toEqual(stepsVerdict(failedSteps));
    },
  );
});
