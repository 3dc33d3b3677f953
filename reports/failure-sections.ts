/**
 * What a failed run brings up front, before its charts: for every violated invariant and failed
 * step the quick causes to check first (with links to the logs that matter), then the
 * counterexamples the checkers quoted.
 */
import type { Verdict } from '../invariants/verdict';
import { linkTarget } from './document-parts';
import { toJsonText } from './json-text';
import { mdCode, mdCodeBlock, mdText } from './markdown-text';
import { invariantQuickCauses, type QuickCauses, quickCausesFor } from './quick-causes';
import type { FileLink, PlacedSection } from './report-document';
import type { RunReport } from './run-report';

/** The log files a list of stems names (worker -> worker-1.log, worker-2.log), as links. */
export function logLinks(stems: readonly string[], logFiles: readonly string[]): FileLink[] {
  return stems.flatMap((stem) =>
    logFiles
      .filter((file) => file === `${stem}.log` || (file.startsWith(`${stem}-`) && file.endsWith('.log')))
      .map((file) => ({ label: file, file })),
  );
}

function causesMarkdown(quick: QuickCauses, logFiles: readonly string[]): string {
  const causes = quick.causes.map((c) => `- [ ] ${c}`).join('\n');
  const links = logLinks(quick.logs, logFiles).map((l) => `[${mdText(l.label)}](${linkTarget(l.file)})`);
  const logs = links.length > 0 ? `\n\nLogs to open first: ${links.join(', ')}.` : '';
  return `${quick.symptom}. Check first:\n\n${causes}${logs}`;
}

export function quickCausesSections(report: RunReport, logFiles: readonly string[]): PlacedSection[] {
  const violated = report.verdicts.filter((v) => v.valid === false);
  if (violated.length === 0 && report.failedSteps.length === 0) return [];
  const parts = [
    ...violated.map((v) => {
      const quick = invariantQuickCauses(v.id);
      const head = `### Invariant ${mdCode(v.id)}: ${mdText(v.title)}`;
      return quick
        ? `${head}\n\n${causesMarkdown(quick, logFiles)}`
        : `${head}\n\nNo quick-cause list for it.`;
    }),
    ...report.failedSteps.map((step) => {
      const quick = quickCausesFor(step);
      const head = `### Step ${mdCode(step)}`;
      return quick
        ? `${head}\n\n${causesMarkdown(quick, logFiles)}`
        : `${head}\n\nThe runbook has no quick-cause list for this step.`;
    }),
  ];
  return [{ title: 'Quick causes', markdown: parts.join('\n\n'), early: true }];
}

export function counterexampleSections(verdicts: readonly Verdict[]): PlacedSection[] {
  const violated = verdicts.filter((v) => v.valid === false);
  if (violated.length === 0) return [];
  const parts = violated.map((v) => {
    const records =
      v.counterexamples.length > 0
        ? v.counterexamples.map((c) => mdCodeBlock(toJsonText(c), 'json')).join('\n\n')
        : 'The checker quoted no records.';
    const counts =
      Object.keys(v.counts).length > 0 ? `\n\nCounts:\n\n${mdCodeBlock(toJsonText(v.counts), 'json')}` : '';
    return `### Counterexample: ${mdText(v.id)} ${mdText(v.title)}\n\n${mdText(v.summary)}\n\n${records}${counts}`;
  });
  return [{ title: 'Counterexamples', markdown: parts.join('\n\n'), early: true }];
}
