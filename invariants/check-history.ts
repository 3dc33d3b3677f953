/**
 * `check` without its terminal: reads a recorded history, picks the checker set its header
 * names, and judges it. Pure apart from reading the file, so that a test can compare its
 * verdicts with the ones a run printed.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type FairnessMeasure, fairnessChecker, measureFairness } from './fairness';
import { HISTORY_FILE, type HistoryHeader } from './history-format';
import { readHistoryFile } from './history-reader';
import { CHECKER_SUITES, checkAll } from './index';
import { runStepsVerdict } from './run-steps';
import { type Checker, combineValidity, type Validity, type Verdict } from './verdict';

export { HISTORY_FILE } from './history-format';

export interface CheckOptions {
  /** Overrides the suite the header names. */
  readonly suite?: string;
  /** FAIRNESS_MAX_INVERSION_RATE: judge fairness against this bound; default the one the run used. */
  readonly maxInversionRate?: number;
}

export interface CheckOutcome {
  readonly file: string;
  readonly header: HistoryHeader;
  readonly suite: string;
  readonly records: number;
  readonly verdicts: Verdict[];
  readonly valid: Validity;
  readonly fairness: FairnessMeasure;
}

/** A run folder holds history.ndjson; a file path is taken as the history itself. */
export async function resolveHistoryFile(target: string): Promise<string> {
  const info = await stat(target);
  return info.isDirectory() ? join(target, HISTORY_FILE) : target;
}

export async function checkHistoryFile(target: string, options: CheckOptions = {}): Promise<CheckOutcome> {
  const file = await resolveHistoryFile(target);
  const { header, history, records } = await readHistoryFile(file);
  const suite = options.suite ?? header.suite;
  const checkers = checkersFor(suite, options.maxInversionRate ?? header.fairnessMaxInversionRate);
  const checked = checkAll(history, checkers).verdicts;
  // A G0 run's own steps verdict comes first, as the run printed it.
  const verdicts =
    header.failedSteps === undefined ? checked : [runStepsVerdict(header.failedSteps), ...checked];
  return {
    file,
    header,
    suite,
    records,
    verdicts,
    valid: combineValidity(verdicts),
    fairness: measureFairness(history),
  };
}

/** The suite's checkers, plus fairness as a judged invariant when a bound is configured. */
export function checkersFor(suite: string, maxInversionRate?: number): Checker[] {
  const checkers = (CHECKER_SUITES as Readonly<Record<string, readonly Checker[] | undefined>>)[suite];
  if (checkers === undefined) {
    throw new Error(
      `check: unknown suite ${JSON.stringify(suite)}; known: ${Object.keys(CHECKER_SUITES).join(', ')}`,
    );
  }
  return maxInversionRate === undefined
    ? [...checkers]
    : [...checkers, fairnessChecker({ maxInversionRate })];
}

/** The verdict table `check` prints: one line per invariant, the word first. */
export function formatVerdictLines(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => {
    const word = v.valid === true ? 'PASS' : v.valid === false ? 'FAIL' : 'UNKNOWN';
    return `${word.padEnd(7)} ${v.id.padEnd(5)} ${v.summary}`;
  });
}

export function formatFairness(m: FairnessMeasure): string {
  if (m.comparablePairs === 0) {
    return `fairness (I16, measure): no comparable pair among ${m.contenders} requests (${m.withoutSendTime} without a send time)`;
  }
  return (
    `fairness (I16, measure): ${m.inversions} inversions in ${m.comparablePairs} comparable pairs ` +
    `(${(100 * m.inversionRate).toFixed(3)}%) among ${m.contenders} requests`
  );
}
