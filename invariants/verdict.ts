/** A checker's answer: valid true / false / unknown (could not be decided), with its evidence. */
export type Validity = true | false | 'unknown';

export interface Verdict {
  readonly id: string;
  readonly title: string;
  readonly valid: Validity;
  /** One line a presenter can read. */
  readonly summary: string;
  /** Counts and figures behind the verdict. */
  readonly counts: Readonly<Record<string, number>>;
  /** For a violation: the offending records, quoted (at most COUNTEREXAMPLE_LIMIT). */
  readonly counterexamples: readonly unknown[];
  /** Evidence that is not a violation (I15: clock inversions between processes), quoted. */
  readonly clockInversions?: readonly unknown[];
}

export const COUNTEREXAMPLE_LIMIT = 10;

export type Checker = (history: import('./history').History) => Verdict;

/** Combines verdicts as Jepsen does: any false wins, then any unknown, else true. */
export function combineValidity(verdicts: readonly Verdict[]): Validity {
  if (verdicts.some((v) => v.valid === false)) return false;
  if (verdicts.some((v) => v.valid === 'unknown')) return 'unknown';
  return true;
}

/** Process exit code for a combined validity: 0 all hold, 1 one violated, 2 one undecided. */
export function exitCodeFor(validity: Validity): 0 | 1 | 2 {
  if (validity === true) return 0;
  if (validity === false) return 1;
  return 2;
}

/** The verdict of a checker with nothing to judge (or that could not run): unknown, never true. */
export function nothingToJudge(
  id: string,
  title: string,
  summary: string,
  counts: Readonly<Record<string, number>> = {},
): Verdict {
  return { id, title, valid: 'unknown', summary, counts, counterexamples: [] };
}

/**
 * The verdict of a checker its violations decide: valid when there are none, with the summary
 * of each case, quoting at most COUNTEREXAMPLE_LIMIT counterexamples.
 */
export function judgedByViolations(judged: {
  readonly id: string;
  readonly title: string;
  readonly violations: number;
  readonly counterexamples: readonly unknown[];
  readonly summaryIfValid: string;
  readonly summaryIfInvalid: string;
  readonly counts: Readonly<Record<string, number>>;
}): Verdict {
  const valid = judged.violations === 0;
  return {
    id: judged.id,
    title: judged.title,
    valid,
    summary: valid ? judged.summaryIfValid : judged.summaryIfInvalid,
    counts: judged.counts,
    counterexamples: judged.counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}
