/**
 * A G0, G1 or chaos run (a RunReport) as the report document: G0 opens with the runbook's three
 * criteria; a failure brings its quick causes and counterexamples up front, with links to the
 * logs that matter; then the charts, what the load saw, the final statuses, the samples, the
 * run kind's own sections, the phases and the notes.
 */
import type { Verdict } from '../invariants/verdict';
import type { ReportChart } from './charts/render';
import { linkTarget } from './document-parts';
import { g0Criteria } from './g0-criteria';
import { toJsonText } from './json-text';
import {
  formatCount,
  formatMs,
  formatPercent,
  formatSeconds,
  isoOrDash,
  mdCode,
  mdCodeBlock,
  mdCodeCell,
  mdTable,
  mdText,
} from './markdown-text';
import { invariantQuickCauses, type QuickCauses, quickCausesFor } from './quick-causes';
import type {
  DocumentSection,
  FileLink,
  PlacedSection,
  ReportDocument,
  ReportLang,
  RunKind,
} from './report-document';
import { renderHeadline } from './run-headline';
import type { RunReport } from './run-report';

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

function quickCausesSections(report: RunReport, logFiles: readonly string[]): PlacedSection[] {
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

function counterexampleSections(verdicts: readonly Verdict[]): PlacedSection[] {
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

function loadSections(
  report: RunReport,
  summaries: readonly { readonly label: string; readonly text: string }[],
): DocumentSection[] {
  const k6 = report.k6;
  const texts = summaries.map((s) => `${mdText(s.label)}:\n\n${mdCodeBlock(s.text.trimEnd(), 'text')}`);
  if (!k6 && texts.length === 0) return [];
  const table = k6
    ? mdTable(
        ['Metric', 'Value'],
        [
          ['requests', formatCount(k6.requests)],
          // k6 counts failed HTTP requests; the harness's driver counts failed participations.
          [
            (k6.tool ?? 'k6') === 'k6' ? 'failed rate (http_req_failed)' : 'failed participations',
            formatPercent(k6.failedRate),
          ],
          ['p50', formatMs(k6.p50)],
          ['p95', formatMs(k6.p95)],
          ['p99', formatMs(k6.p99)],
          ['checks rate', formatPercent(k6.checksRate)],
          ['iterations', formatCount(k6.iterations)],
          ...(k6.droppedIterations !== undefined
            ? [['dropped iterations', formatCount(k6.droppedIterations)]]
            : []),
          ['VUs', formatCount(k6.vus)],
          ['duration', mdText(k6.duration)],
        ],
      )
    : '';
  const intro = texts.length > 0 ? 'The load driver’s console summary, as it printed it:' : '';
  const tool = k6?.tool ? ` (${k6.tool})` : '';
  return [{ title: `Load${tool}`, markdown: [table, intro, ...texts].filter((p) => p !== '').join('\n\n') }];
}

function countsSection(
  heading: string,
  label: string,
  counts: Readonly<Record<string, number>>,
): DocumentSection {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return { title: heading, markdown: 'None recorded.' };
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const rows = [
    ...entries.map(([k, n]) => [mdCodeCell(k), formatCount(n)]),
    ['**total**', formatCount(total)],
  ];
  return { title: heading, markdown: mdTable([label, 'Count'], rows) };
}

function samplesSections(report: RunReport): DocumentSection[] {
  if (report.samples.length === 0) return [];
  const rows = report.samples.map((s) => [
    mdCodeCell(s.requestId),
    mdCodeCell(s.userId),
    mdText(s.status),
    s.resultCode !== undefined ? mdText(s.resultCode) : '-',
    isoOrDash(s.requestedAt),
    isoOrDash(s.queuedAt),
    isoOrDash(s.startedAt),
    isoOrDash(s.finishedAt),
  ]);
  const header = [
    'requestId',
    'userId',
    'status',
    'resultCode',
    'requestedAt',
    'queuedAt',
    'startedAt',
    'finishedAt',
  ];
  return [
    {
      title: 'Sample requests',
      markdown: `Sent just before the spike and read back with \`GET /requests/{requestId}\` after the drain (runbook step 6).\n\n${mdTable(header, rows)}`,
    },
  ];
}

function latencySections(report: RunReport): DocumentSection[] {
  const l = report.latency;
  if (!l) return [];
  const met = Number.isFinite(l.ratio) && l.ratio <= l.goal ? 'yes' : 'no';
  const rows = [
    [
      formatMs(l.workerOffP95Ms),
      formatMs(l.drainingP95Ms),
      Number.isFinite(l.ratio) ? l.ratio.toFixed(2) : String(l.ratio),
      mdText(`<= ${l.goal}`),
      met,
    ],
  ];
  const intro =
    'Ingest p95 while the worker drains, against while it is off: ingest must not feel the worker.';
  return [
    {
      title: 'Decoupling',
      markdown: `${intro}\n\n${mdTable(['worker off p95', 'draining p95', 'ratio', 'goal', 'met'], rows)}`,
    },
  ];
}

function drainSections(report: RunReport): DocumentSection[] {
  if (report.drainMs === undefined) return [];
  const peak =
    report.peakQueueDepth !== undefined
      ? ` The queue peaked at ${formatCount(report.peakQueueDepth)} messages while the worker was off.`
      : '';
  return [
    {
      title: 'Drain',
      markdown: `From the worker's start to an empty main queue: ${formatSeconds(report.drainMs)}.${peak}`,
    },
  ];
}

function phasesSections(report: RunReport): DocumentSection[] {
  if (report.phases.length === 0) return [];
  const rel = (ms: number | undefined) =>
    ms === undefined ? '-' : `+${formatSeconds(ms - report.startedAt)}`;
  const rows = report.phases.map((p) => [
    mdText(p.name),
    rel(p.startedAt),
    rel(p.endedAt),
    p.endedAt === undefined ? '-' : formatSeconds(p.endedAt - p.startedAt),
    isoOrDash(p.startedAt),
  ]);
  return [{ title: 'Phases', markdown: mdTable(['Phase', 'Start', 'End', 'Duration', 'Started at'], rows) }];
}

function notesSections(notes: readonly string[]): DocumentSection[] {
  if (notes.length === 0) return [];
  return [{ title: 'Notes', markdown: notes.map((n) => `- ${mdText(n)}`).join('\n') }];
}
