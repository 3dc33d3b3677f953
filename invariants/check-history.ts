/**
 * `check` without its terminal: reads a recorded history, picks the checker set its header
 * names, and judges it. Pure apart from reading the files (the history, and the run's own
 * results.json beside it to compare with), so that a test can compare its verdicts with the ones
 * a run printed.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
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
  /** Against the verdicts the run wrote beside its history; absent when it wrote none. */
  readonly run?: RunComparison;
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
  const runVerdicts = await readRunVerdicts(file);
  return {
    file,
    header,
    suite,
    records,
    verdicts,
    valid: combineValidity(verdicts),
    fairness: measureFairness(history),
    ...(runVerdicts === undefined ? {} : { run: compareWithRun(runVerdicts, verdicts) }),
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

/** A verdict as a run's results.json keeps it: what the comparison needs of it. */
export interface RecordedVerdict {
  readonly id: string;
  readonly valid: Validity;
}

/** How re-judged verdicts compare with the ones the run itself wrote. */
export interface RunComparison {
  /** No check changed its answer and none is new: `check` says what the run said. */
  readonly same: boolean;
  readonly changed: readonly { readonly id: string; readonly run: Validity; readonly now: Validity }[];
  /** Checks the run judged that the history alone cannot (G1's publish-swallow needs its stack). */
  readonly onlyInRun: readonly string[];
  /** Checks the run did not judge (a checker added since, or another suite). */
  readonly onlyNow: readonly string[];
}

export function compareWithRun(
  run: readonly RecordedVerdict[],
  now: readonly RecordedVerdict[],
): RunComparison {
  const runValidity = new Map(run.map((v) => [v.id, v.valid]));
  const nowIds = new Set(now.map((v) => v.id));
  const changed = now.flatMap((v) => {
    const before = runValidity.get(v.id);
    return runValidity.has(v.id) && before !== v.valid
      ? [{ id: v.id, run: before as Validity, now: v.valid }]
      : [];
  });
  const onlyNow = now.filter((v) => !runValidity.has(v.id)).map((v) => v.id);
  const onlyInRun = run.filter((v) => !nowIds.has(v.id)).map((v) => v.id);
  return { same: changed.length === 0 && onlyNow.length === 0, changed, onlyInRun, onlyNow };
}

const RecordedResultsSchema = z.object({
  verdicts: z.array(z.object({ id: z.string(), valid: z.union([z.boolean(), z.literal('unknown')]) })),
});

/**
 * The verdicts of the run that wrote this history, from the results.json beside it; undefined
 * when there is none, or it holds no verdict list (a history from another tool, a run cut short).
 */
export async function readRunVerdicts(historyFile: string): Promise<RecordedVerdict[] | undefined> {
  let recorded: unknown;
  try {
    recorded = JSON.parse(await readFile(join(dirname(historyFile), 'results.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = RecordedResultsSchema.safeParse(recorded);
  return parsed.success ? parsed.data.verdicts : undefined;
}

/** One line for the terminal: the comparison as a reader wants it. */
export function formatRunComparison(c: RunComparison): string {
  const parts = [
    c.same ? 'the same verdicts as the run' : 'verdicts differ from the run',
    ...c.changed.map((d) => `${d.id} was ${String(d.run)}, now ${String(d.now)}`),
    ...(c.onlyNow.length > 0 ? [`not judged by the run: ${c.onlyNow.join(', ')}`] : []),
    ...(c.onlyInRun.length > 0
      ? [`judged by the run only (not from the history): ${c.onlyInRun.join(', ')}`]
      : []),
  ];
  return `run: ${parts.join('; ')}`;
}
