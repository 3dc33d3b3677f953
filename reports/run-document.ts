/**
 * A G0, G1 or chaos run (a RunReport) as the report document: G0 opens with the runbook's three
 * criteria; a failure brings its quick causes and counterexamples up front, with links to the
 * logs that matter; then the charts, what the load saw, the final statuses, the samples, the
 * run kind's own sections, the phases and the notes.
 */
import type { ReportChart } from './charts/render';
import { counterexampleSections, quickCausesSections } from './failure-sections';
import { g0Criteria } from './g0-criteria';
import type { PlacedSection, ReportDocument, ReportLang, RunKind } from './report-document';
import { renderHeadline } from './run-headline';
import type { RunReport } from './run-report';
import {
  countsSection,
  drainSections,
  latencySections,
  loadSections,
  notesSections,
  phasesSections,
  samplesSections,
} from './run-sections';

export interface RunDocumentInput {
  readonly report: RunReport;
  readonly charts: readonly ReportChart[];
  readonly lang: ReportLang;
  /** The logs of the run folder, by file name (ingest.log, worker-1.log, ministack.log...). */
  readonly logFiles?: readonly string[];
  /** The load driver's console summaries (`<label>-summary.txt`), by label, spike first. */
  readonly loadSummaries?: readonly { readonly label: string; readonly text: string }[];
}

/** The fixed section titles for the Korean report; a run kind's own sections keep theirs. */
const KOREAN_TITLES: Readonly<Record<string, string>> = {
  'Quick causes': '실패 시 빠른 원인 체크',
  Counterexamples: '반례',
  Load: '부하',
  'Final statuses': '최종 상태',
  'Result codes': '결과 코드',
  'Sample requests': '샘플 요청',
  Decoupling: '디커플링 (ingest가 worker를 느끼지 않음)',
  Drain: '큐 소진',
  Phases: '단계',
  Notes: '메모',
};

/** The run kind a run id names (`g1-20261122T021500Z` is G1); G0 for anything else. */
export function runKindOf(runId: string): RunKind {
  const prefix = runId.split('-', 1)[0] ?? '';
  const kinds: readonly RunKind[] = ['g1', 'chaos', 'gate', 'fuzz', 'conformance'];
  return (kinds as readonly string[]).includes(prefix) ? (prefix as RunKind) : 'g0';
}

export function toRunDocument(input: RunDocumentInput): ReportDocument {
  const { report, lang } = input;
  const kind = report.kind ?? runKindOf(report.runId);
  const logs = input.logFiles ?? [];
  const sections: PlacedSection[] = [
    ...quickCausesSections(report, logs),
    ...counterexampleSections(report.verdicts),
    ...loadSections(report, input.loadSummaries ?? []),
    countsSection('Final statuses', 'Status', report.statusCounts),
    countsSection('Result codes', 'resultCode', report.resultCodeCounts),
    ...samplesSections(report),
    ...(report.extraSections ?? []).map((s) => ({
      title: s.title,
      markdown: s.markdown,
      ...(s.charts ? { charts: s.charts } : {}),
    })),
    ...latencySections(report),
    ...drainSections(report),
    ...phasesSections(report),
    ...notesSections(report.notes),
  ];
  return {
    kind,
    runId: report.runId,
    title: report.title,
    lang,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    valid: report.valid,
    headline: renderHeadline(report, lang),
    ...(kind === 'g0' ? { criteria: g0Criteria(report, lang) } : {}),
    verdicts: report.verdicts,
    charts: input.charts,
    sections:
      lang === 'ko'
        ? sections.map((s) => ({
            ...s,
            title: KOREAN_TITLES[s.title] ?? s.title.replace(/^Load \(/, '부하 ('),
          }))
        : sections,
    parameters: report.parameters,
    environment: report.environment,
    command: report.command,
    ...(report.seed !== undefined ? { seed: report.seed } : {}),
    logs: logs.map((file) => ({ label: file, file })),
  };
}
