/**
 * The first line of a report: the verdict, and for a pass the runbook's one-line conclusion
 * ("부하를 에러가 아니라 큐로 흡수": the spike was absorbed by the queue, not turned into errors)
 * backed by the figures that prove it.
 */
import { FINAL_STATUSES } from '../services/common';
import { formatCount, formatMs, formatPercent, formatSeconds } from './markdown-text';
import type { ReportLang } from './report-document';
import type { RunReport } from './run-report';

export function renderHeadline(report: RunReport, lang: ReportLang = 'en'): string {
  if (lang === 'ko') return renderKoreanHeadline(report);
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

/** The same headline for the seed team, who present in Korean. */
function renderKoreanHeadline(report: RunReport): string {
  if (report.valid === true) {
    const figures: string[] = [];
    if (report.k6) {
      const k6 = report.k6;
      figures.push(
        `요청 ${formatCount(k6.requests)}건, 실패 ${formatPercent(k6.failedRate)}, p95 ${formatMs(k6.p95)}`,
      );
    }
    if (report.peakQueueDepth !== undefined) {
      const drained = report.drainMs !== undefined ? `, ${formatSeconds(report.drainMs)} 만에 소진` : '';
      figures.push(`큐 최대 ${formatCount(report.peakQueueDepth)}건${drained}`);
    }
    const succeeded = report.statusCounts.SUCCEEDED;
    if (succeeded !== undefined) figures.push(`SUCCEEDED ${formatCount(succeeded)}건`);
    if (report.samples.length > 0) {
      const final = report.samples.filter((s) =>
        (FINAL_STATUSES as readonly string[]).includes(s.status),
      ).length;
      figures.push(`샘플 ${report.samples.length}개 중 ${final}개 최종 상태`);
    }
    const conclusion = `통과 — ${report.passConclusion ?? '부하를 에러가 아니라 큐로 흡수했다'}`;
    return figures.length > 0 ? `${conclusion}: ${figures.join('; ')}.` : `${conclusion}.`;
  }
  if (report.valid === false) {
    const violated = report.verdicts.filter((v) => v.valid === false);
    const parts: string[] = [];
    if (violated.length > 0) parts.push(`불변식 ${violated.length}개 위반: ${names(violated)}`);
    if (report.failedSteps.length > 0) parts.push(`실패한 단계: ${report.failedSteps.join(', ')}`);
    if (parts.length === 0) parts.push('위반된 불변식이나 실패한 단계 없이 실패로 표시됨');
    return `실패 — ${parts.join('; ')}.`;
  }
  const undecided = report.verdicts.filter((v) => v.valid === 'unknown');
  return `판정 불가 — 불변식 ${undecided.length}개를 판정하지 못함${undecided.length > 0 ? `: ${names(undecided)}` : ''}.`;
}
