/**
 * The runbook's steps as a verdict (G0): a step that failed (no spike recorded, depth never
 * rose, drain timed out, samples not final) fails the run, whatever the checkers say. The run
 * records its failed steps in the history header, so that `check` repeats this verdict too.
 */
import type { Verdict } from './verdict';

export function runStepsVerdict(failedSteps: readonly string[]): Verdict {
  return {
    id: 'steps',
    title: 'Runbook steps: spike recorded, depth rose, drain finished, samples read final',
    valid: failedSteps.length === 0,
    summary:
      failedSteps.length === 0
        ? 'every step of the runbook happened'
        : `failed steps: ${failedSteps.join(', ')}`,
    counts: { failedSteps: failedSteps.length },
    counterexamples: failedSteps.map((step) => ({ step })),
  };
}
