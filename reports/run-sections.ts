/**
 * The body sections of a run's report document, each from the RunReport alone: what the load
 * saw, the final statuses and result codes, the sample requests, the decoupling latency, the
 * drain, the phases and the notes. A section with nothing to show is left out.
 */
import {
  formatCount,
  formatMs,
  formatPercent,
  formatSeconds,
  isoOrDash,
  mdCodeBlock,
  mdCodeCell,
  mdCountsTable,
  mdTable,
  mdText,
} from './markdown-text';
import type { DocumentSection } from './report-document';
import type { RunReport } from './run-report';

export function loadSections(
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

export function countsSection(
  heading: string,
  label: string,
  counts: Readonly<Record<string, number>>,
): DocumentSection {
  return { title: heading, markdown: mdCountsTable(label, counts) ?? 'None recorded.' };
}

export function samplesSections(report: RunReport): DocumentSection[] {
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

export function latencySections(report: RunReport): DocumentSection[] {
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

export function drainSections(report: RunReport): DocumentSection[] {
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

export function phasesSections(report: RunReport): DocumentSection[] {
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

export function notesSections(notes: readonly string[]): DocumentSection[] {
  if (notes.length === 0) return [];
  return [{ title: 'Notes', markdown: notes.map((n) => `- ${mdText(n)}`).join('\n') }];
}
