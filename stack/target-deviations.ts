/**
 * What a target does differently from AWS, as data: a run on that target reports each one as a
 * finding about the target (the checks it explains still fail with the keys quoted; this says
 * why, so a user knows before trusting the target). Each entry was measured on the target's
 * pinned version (../shared/targets.md), not read from its documentation.
 */
export const DeviationSeverity = {
  /** A check that needs this behaviour fails on the target, by the target's doing. */
  breaksCheck: 'breaks-check',
  /** The behaviour differs but no check of ours depends on it. */
  differs: 'differs',
  /** The target cannot do it at all: the checks that need it answer unknown. */
  unsupported: 'unsupported',
} as const;
export type DeviationSeverity = (typeof DeviationSeverity)[keyof typeof DeviationSeverity];

export interface TargetDeviation {
  /** Stable id, for reports and for tests that look a deviation up. */
  readonly id: string;
  readonly service: string;
  readonly severity: DeviationSeverity;
  /** What the target does, in one sentence, in the words a report prints. */
  readonly summary: string;
  /** What AWS does instead. */
  readonly aws: string;
  /** Verdict ids (invariants/) whose outcome this explains. */
  readonly affects: readonly string[];
}

export function deviationsAffecting(
  deviations: readonly TargetDeviation[],
  verdictId: string,
): readonly TargetDeviation[] {
  return deviations.filter((deviation) => deviation.affects.includes(verdictId));
}
