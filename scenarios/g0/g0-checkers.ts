/**
 * What G0 judges: the registry's g0 suite (the core invariants, orphan dead letters, the
 * worker-off window I9, the spike's HTTP budget I10, 202-after-QUEUED I11, healthy outcomes I12,
 * identity from the run's probe I13, attempt fencing I14), and the runbook's steps, which must
 * all have happened for the run to pass. Both live in invariants/, so that `check` re-judges a
 * recorded G0 folder with exactly what the run used.
 */
import { CHECKER_SUITES, type Checker } from '../../invariants';

export { runStepsVerdict as stepsVerdict } from '../../invariants/run-steps';

export const G0_CHECKERS: readonly Checker[] = CHECKER_SUITES.g0;
