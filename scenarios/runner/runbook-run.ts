/**
 * How a runbook (G0, G1) opens its history and says its verdicts, one way for both: the live
 * history's header names the suite and the fairness bound that `check` re-judges it with, the
 * runbook's failed steps come first among the verdicts (printed, in results.json and junit.xml)
 * and go into the history's end line, so that `check` repeats the steps verdict, and the run's
 * last printed line names them again.
 */
import { checkAll, combineValidity, parseInversionRate } from '../../invariants';
import { checkersFor } from '../../invariants/check-history';
import type { History } from '../../invariants/history';
import type { LiveHistory } from '../../invariants/history-writer';
import { runStepsVerdict } from '../../invariants/run-steps';
import type { Checker, Validity, Verdict } from '../../invariants/verdict';
import { openRunHistory, type RunSystem, runParameters } from './run-history';
import { fitCheckers } from './system-checkers';

export interface RunbookHistory {
  readonly history: LiveHistory;
  /** FAIRNESS_MAX_INVERSION_RATE: fairness (I16) is always measured, judged only under a bound. */
  readonly fairnessBound: number | undefined;
  /** The suite's checkers fitted to the system, the ones `check` re-judges the history with. */
  judge(history: History, failedSteps: readonly string[], extra?: readonly Verdict[]): JudgedRun;
  /** The rest of the history (final reads, probes, phases) and the end line with the failed steps. */
  finish(history: History, judged: JudgedRun): Promise<number>;
}

export interface JudgedRun {
  /** The steps verdict first, then the suite's checkers, then the run's own extra verdicts. */
  readonly verdicts: Verdict[];
  readonly valid: Validity;
  readonly failedSteps: readonly string[];
}

/**
 * The run's history.ndjson as it goes (`make check RUN=...` re-judges it); interrupted, the run
 * leaves what it has, without the end line.
 */
export async function openRunbookHistory(
  run: { suite: 'g0' | 'g1'; runId: string; runDir: string; startedAt: number },
  system: RunSystem,
  event: { eventId: string; capacity: number },
): Promise<RunbookHistory> {
  const fairnessBound = parseInversionRate(process.env.FAIRNESS_MAX_INVERSION_RATE);
  const history = await openRunHistory(run.runDir, {
    suite: run.suite,
    runId: run.runId,
    createdAt: run.startedAt,
    parameters: runParameters(system, event.eventId, event.capacity),
    ...(fairnessBound === undefined ? {} : { fairnessMaxInversionRate: fairnessBound }),
  });
  const checkers = fitCheckers(checkersFor(run.suite, fairnessBound), system.surfaces);
  return {
    history,
    fairnessBound,
    judge: (recorded, failedSteps, extra = []) => judgeRunbook(recorded, checkers, failedSteps, extra),
    finish: (recorded, judged) => history.finish(recorded, { failedSteps: [...judged.failedSteps] }),
  };
}

/** The steps verdict first (as `check` repeats it from the end line), the checkers, the extras. */
export function judgeRunbook(
  history: History,
  checkers: readonly Checker[],
  failedSteps: readonly string[],
  extra: readonly Verdict[] = [],
): JudgedRun {
  const verdicts = [runStepsVerdict(failedSteps), ...checkAll(history, checkers).verdicts, ...extra];
  return { verdicts, valid: combineValidity(verdicts), failedSteps };
}
