/**
 * The first line of a report: the verdict, and for a pass the runbook's one-line conclusion
 * ("부하를 에러가 아니라 큐로 흡수": the spike was absorbed by the queue, not turned into errors)
 * backed by the figures that prove it.
 */
import { FINAL_STATUSES } from '../services/common';
import { formatCount, formatMs, formatPercent, formatSeconds } from './markdown-text';
import type { RunReport } from './run-report';

export function renderHeadline(report: RunReport): string {
  if (report.valid === true) {
    const figures = passFigures(report);
    const conclusion = `PASS — ${report.passConclusion ?? 'the spike was absorbed by the queue, not turned into errors'}`;
    return figures.length > 0 ? `${conclusion}: ${figures.join('; ')}.` : `${conclusion}.`;
  }
  if (report.valid === false) {
    const violated = report.verdicts.filter((v) => v.valid === false);
    const parts: string[] = [];
    if (violated.length > 0) parts.push(`${violated.length} invariant(s) violated: ${names(violated)}`);
    if (report.failedSteps.length > 0) parts.push(`failed steps: ${report.failedSteps.join(', ')}`);
    if (parts.length === 0)
      parts.push('the run was marked invalid without a violated invariant or a failed step');
    return `FAIL — ${parts.join('; ')}.`;
  }
  const undecided = report.verdicts.filter((v) => v.valid === 'unknown');
  return `UNKNOWN — ${undecided.length} invariant(s) could not be decided${undecided.length > 0 ? `: ${names(undecided)}` : ''}.`;
}

function passFigures(report: RunReport): string[] {
  const figures: string[] = [];
  if (report.k6) {
    const k6 = report.k6;
    figures.push(
      `${formatCount(k6.requests)} requests, ${formatPercent(k6.failedRate)} failed, p95 ${formatMs(k6.p95)}`,
    );
  }
  if (report.peakQueueDepth !== undefined) {
    const drained = report.drainMs !== undefined ? ` and drained in ${formatSeconds(report.drainMs)}` : '';
    figures.push(`queue peaked at ${formatCount(report.peakQueueDepth)} messages${drained}`);
  } else if (report.drainMs !== undefined) {
    figures.push(`queue drained in ${formatSeconds(report.drainMs)}`);
  }
  const succeeded = report.statusCounts.SUCCEEDED;
  if (succeeded !== undefined) figures.push(`${formatCount(succeeded)} SUCCEEDED`);
  if (report.samples.length > 0) {
    const final = report.samples.filter((s) =>
      (FINAL_STATUSES as readonly string[]).includes(s.status),
    ).length;
    figures.push(`${final}/${report.samples.length} sample requests final`);
  }
  return figures;
}

function names(verdicts: readonly { id: string; title: string }[]): string {
  return verdicts.map((v) => `${v.id} ${v.title}`).join(', ');
}
