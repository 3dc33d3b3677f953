/**
 * The G0 runbook's pass judgement ("G0 부하테스트 성공 판정"): three criteria, each met or not
 * with the evidence line that decides it, then the one-line conclusion ("부하를 에러가 아니라
 * 큐로 흡수": the load was absorbed by the queue, not turned into errors). Decided from the
 * figures the run collected, in English or Korean.
 *
 *   1. 202 kept                 the load: failed < 1 %, checks (202 + requestId, no status) ~100 %
 *   2. depth up, then down      rose while the worker was off, fell to 0 once it ran
 *   3. samples final            the requestIds sent before the spike reached a final status
 */
import type { Validity } from '../invariants/verdict';
import { FINAL_STATUSES } from '../services/common';
import { formatCount, formatPercent, formatSeconds } from './markdown-text';
import type { CriteriaBlock, Criterion, ReportLang } from './report-document';
import type { RunReport } from './run-report';

/** The runbook: http_req_failed < 1 %, and "check 실패가 거의 없음" (almost no failed check). */
export const MAX_FAILED_RATE = 0.01;
export const MIN_CHECKS_RATE = 0.99;

const TEXT = {
  en: {
    title: 'G0 acceptance (the runbook’s three criteria)',
    labels: ['1. 202 kept', '2. Queue depth up, then down', '3. Sample requests reached a final status'],
    conclusion: 'Conclusion: the load was absorbed by the queue, not turned into errors.',
    noConclusion: (failed: string[]) => `No conclusion yet: not shown by this run: ${failed.join('; ')}.`,
    invariantsBroken: (n: number) =>
      `No conclusion: the three criteria are met, but ${n} invariant(s) did not hold (see below).`,
    noLoad: 'no load summary was collected',
    load: (requests: string, failed: string, checks: string) =>
      `${requests} requests, ${failed} failed (goal < 1%), checks ${checks} (202 with a requestId and no status)`,
    noSamples: 'no queue depth was sampled',
    rose: (peak: string) => `rose to ${peak} messages with the worker off`,
    flat: 'did not rise with the worker off',
    fell: (drain: string) => `fell to 0 in ${drain} once the worker ran`,
    stuck: 'did not fall to 0 once the worker ran',
    samples: (final: number, total: number, mix: string) =>
      `${final} of ${total} sample requests final${mix ? `: ${mix}` : ''}`,
    noSampleRequests: 'no sample request was followed',
  },
  ko: {
    title: 'G0 부하테스트 성공 판정 (런북의 3가지 기준)',
    labels: ['1. 202 유지', '2. QueueDepth 증가 → 감소', '3. requestId 최종 상태 샘플 존재'],
    conclusion: '결론: 부하를 에러가 아니라 큐로 흡수했다.',
    noConclusion: (failed: string[]) => `결론 없음: 이번 실행으로 보이지 못한 기준: ${failed.join('; ')}.`,
    invariantsBroken: (n: number) =>
      `결론 없음: 3가지 기준은 충족했지만 불변식 ${n}개가 지켜지지 않음 (아래 참조).`,
    noLoad: '부하 요약이 수집되지 않음',
    load: (requests: string, failed: string, checks: string) =>
      `요청 ${requests}건, 실패 ${failed} (기준 < 1%), check 통과 ${checks} (202 + requestId, status 없음)`,
    noSamples: '큐 깊이 샘플이 없음',
    rose: (peak: string) => `Worker OFF 상태에서 최대 ${peak}건까지 증가`,
    flat: 'Worker OFF 상태에서 증가하지 않음',
    fell: (drain: string) => `Worker ON 후 ${drain} 만에 0으로 감소`,
    stuck: 'Worker ON 후 0까지 감소하지 않음',
    samples: (final: number, total: number, mix: string) =>
      `샘플 ${total}개 중 ${final}개 최종 상태${mix ? `: ${mix}` : ''}`,
    noSampleRequests: '추적한 샘플 요청이 없음',
  },
} as const;

export function g0Criteria(report: RunReport, lang: ReportLang = 'en'): CriteriaBlock {
  const t = TEXT[lang];
  const rows: Criterion[] = [
    { label: t.labels[0], ...kept202(report, lang) },
    { label: t.labels[1], ...depthUpThenDown(report, lang) },
    { label: t.labels[2], ...samplesFinal(report, lang) },
  ];
  const notMet = rows.filter((r) => r.met !== true).map((r) => r.label);
  // The conclusion speaks for the whole run: criteria met with a broken invariant is no pass.
  const broken = report.verdicts.filter((v) => v.valid !== true).length;
  const conclusion =
    notMet.length > 0 ? t.noConclusion(notMet) : broken > 0 ? t.invariantsBroken(broken) : t.conclusion;
  return { title: t.title, rows, conclusion };
}

type Judged = { met: Validity; evidence: string };

function kept202(report: RunReport, lang: ReportLang): Judged {
  const t = TEXT[lang];
  const load = report.k6;
  if (!load) return { met: 'unknown', evidence: t.noLoad };
  const http = report.verdicts.find((v) => v.id === 'I10');
  const met =
    load.failedRate < MAX_FAILED_RATE &&
    load.checksRate >= MIN_CHECKS_RATE &&
    !report.failedSteps.includes('http') &&
    http?.valid !== false;
  return {
    met,
    evidence: t.load(
      formatCount(load.requests),
      formatPercent(load.failedRate),
      formatPercent(load.checksRate),
    ),
  };
}

function depthUpThenDown(report: RunReport, lang: ReportLang): Judged {
  const t = TEXT[lang];
  if (report.peakQueueDepth === undefined) return { met: 'unknown', evidence: t.noSamples };
  const rose = report.peakQueueDepth > 0 && !report.failedSteps.includes('depth-rise');
  const fell = report.drainMs !== undefined && !report.failedSteps.includes('drain');
  const up = rose ? t.rose(formatCount(report.peakQueueDepth)) : t.flat;
  const down = fell && report.drainMs !== undefined ? t.fell(formatSeconds(report.drainMs)) : t.stuck;
  return { met: rose && fell, evidence: `${up}; ${down}` };
}

function samplesFinal(report: RunReport, lang: ReportLang): Judged {
  const t = TEXT[lang];
  const total = report.samples.length;
  if (total === 0) return { met: false, evidence: t.noSampleRequests };
  const isFinal = (status: string) => (FINAL_STATUSES as readonly string[]).includes(status);
  const final = report.samples.filter((s) => isFinal(s.status)).length;
  const counts = new Map<string, number>();
  for (const s of report.samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const mix = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return { met: final === total, evidence: t.samples(final, total, mix) };
}
