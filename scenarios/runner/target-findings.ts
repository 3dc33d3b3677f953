/**
 * A run on a target that is not AWS (LocalStack) reports what the target does differently as
 * findings: for every violated or undecided check that a known deviation explains, the
 * deviation next to the check. The check keeps its verdict and its quoted keys; this section
 * tells the reader it is the target's doing, before they trust the target.
 */
import type { Verdict } from '../../invariants/verdict';
import { deviationsAffecting, type TargetDeviation } from '../../stack/target-deviations';

export interface TargetFinding {
  readonly verdictId: string;
  readonly valid: Verdict['valid'];
  readonly deviations: readonly TargetDeviation[];
}

export function targetFindings(
  verdicts: readonly Verdict[],
  deviations: readonly TargetDeviation[],
): TargetFinding[] {
  return verdicts.flatMap((verdict) => {
    if (verdict.valid === true) return [];
    const explained = deviationsAffecting(deviations, verdict.id);
    return explained.length > 0
      ? [{ verdictId: verdict.id, valid: verdict.valid, deviations: explained }]
      : [];
  });
}

/** Every non-passing verdict is explained by a known deviation of the target (and one exists). */
export function onlyTargetFindings(
  verdicts: readonly Verdict[],
  deviations: readonly TargetDeviation[],
): boolean {
  const failing = verdicts.filter((verdict) => verdict.valid !== true);
  return (
    failing.length > 0 && failing.every((verdict) => deviationsAffecting(deviations, verdict.id).length > 0)
  );
}

export function findingsSection(
  targetName: string,
  findings: readonly TargetFinding[],
  deviations: readonly TargetDeviation[],
): { title: string; markdown: string } {
  const lines = [
    `Known deviations of ${targetName} from AWS, measured on its pinned version:`,
    '',
    ...deviations.map((d) => `- **${d.id}** (${d.service}, ${d.severity}): ${d.summary} AWS: ${d.aws}`),
    '',
    findings.length === 0
      ? 'No check of this run was affected.'
      : `Checks these deviations explain (they keep their verdict and quoted evidence): ${findings
          .map((f) => `${f.verdictId} (${f.deviations.map((d) => d.id).join(', ')})`)
          .join('; ')}.`,
  ];
  return { title: `Findings about the target (${targetName})`, markdown: lines.join('\n') };
}
