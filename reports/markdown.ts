/**
 * report.md of a run: readable on GitHub, in the order a reviewer asks their questions.
 * Did it pass? Which invariant? What does the run look like? What did the load see? Which
 * records break the rule? What to check first? How to run it again?
 */
import type { Verdict } from '../invariants/verdict';
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
import { quickCausesFor } from './quick-causes';
import { renderHeadline } from './run-headline';
import type { RunReport } from './run-report';

export function renderRunReportMarkdown(report: RunReport): string {
  const sections = [
    mdText(renderHeadline(report)),
    `# ${mdText(report.title)} ${mdCode(report.runId)}`,
    summaryLine(report),
    invariantsSection(report.verdicts),
    `## Timeline\n\n![timeline](${report.chartFile})`,
    k6Section(report),
    countsSection('Final statuses', 'Status', report.statusCounts),
    countsSection('Result codes', 'resultCode', report.resultCodeCounts),
    samplesSection(report),
    ...(report.extraSections ?? []).map((section) => `## ${mdText(section.title)}\n\n${section.markdown}`),
    latencySection(report),
    drainSection(report),
    phasesSection(report),
    counterexamplesSection(report.verdicts),
    failedStepsSection(report.failedSteps),
    notesSection(report.notes),
    reproduceSection(report),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function summaryLine(report: RunReport): string {
  return [
    `Started ${isoOrDash(report.startedAt)}`,
    `finished ${isoOrDash(report.finishedAt)}`,
    `took ${formatSeconds(report.finishedAt - report.startedAt)}`,
    `overall ${verdictWord(report.valid)}`,
  ].join(' · ');
}

function verdictWord(valid: Verdict['valid']): string {
  return valid === true ? 'PASS' : valid === false ? 'FAIL' : 'UNKNOWN';
}

function invariantsSection(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return '## Invariants\n\nNo invariant was checked.';
  const rows = verdicts.map((v) => [
    mdCodeCell(v.id),
    mdText(v.title),
    verdictWord(v.valid),
    mdText(v.summary),
  ]);
  return `## Invariants\n\n${mdTable(['Id', 'Invariant', 'Verdict', 'Summary'], rows)}`;
}

function k6Section(report: RunReport): string {
  const k6 = report.k6;
  if (!k6) return '## Load\n\nNo load summary was collected.';
  const tool = k6.tool ?? 'k6';
  const rows: string[][] = [
    ['requests', formatCount(k6.requests)],
    [tool === 'k6' ? 'failed rate (http_req_failed)' : 'failed participations', formatPercent(k6.failedRate)],
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
  ];
  return `## Load (${mdText(tool)})\n\n${mdTable(['Metric', 'Value'], rows)}`;
}

function countsSection(heading: string, label: string, counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return `## ${heading}\n\nNone recorded.`;
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const rows = [
    ...entries.map(([k, n]) => [mdCodeCell(k), formatCount(n)]),
    ['**total**', formatCount(total)],
  ];
  return `## ${heading}\n\n${mdTable([label, 'Count'], rows)}`;
}

function samplesSection(report: RunReport): string {
  if (report.samples.length === 0) return '## Sample requests\n\nNo sample requests were followed.';
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
  return `## Sample requests\n\nSent just before the spike and read back after the drain (runbook step 6).\n\n${mdTable(header, rows)}`;
}

function latencySection(report: RunReport): string {
  const l = report.latency;
  if (!l) return '';
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
  return `## Decoupling\n\n${intro}\n\n${mdTable(['worker off p95', 'draining p95', 'ratio', 'goal', 'met'], rows)}`;
}

function drainSection(report: RunReport): string {
  if (report.drainMs === undefined) return '';
  const peak =
    report.peakQueueDepth !== undefined
      ? ` The queue peaked at ${formatCount(report.peakQueueDepth)} messages while the worker was off.`
      : '';
  return `## Drain\n\nFrom the worker's start to an empty main queue: ${formatSeconds(report.drainMs)}.${peak}`;
}

function phasesSection(report: RunReport): string {
  if (report.phases.length === 0) return '';
  const rel = (ms: number | undefined) =>
    ms === undefined ? '-' : `+${formatSeconds(ms - report.startedAt)}`;
  const rows = report.phases.map((p) => [
    mdText(p.name),
    rel(p.startedAt),
    rel(p.endedAt),
    p.endedAt === undefined ? '-' : formatSeconds(p.endedAt - p.startedAt),
    isoOrDash(p.startedAt),
  ]);
  return `## Phases\n\n${mdTable(['Phase', 'Start', 'End', 'Duration', 'Started at'], rows)}`;
}

function counterexamplesSection(verdicts: readonly Verdict[]): string {
  const violated = verdicts.filter((v) => v.valid === false);
  if (violated.length === 0) return '';
  const parts = violated.map((v) => {
    const records =
      v.counterexamples.length > 0
        ? v.counterexamples.map((c) => mdCodeBlock(toJsonText(c), 'json')).join('\n\n')
        : 'The checker quoted no records.';
    const counts =
      Object.keys(v.counts).length > 0 ? `\n\nCounts:\n\n${mdCodeBlock(toJsonText(v.counts), 'json')}` : '';
    return `### Counterexample: ${mdText(v.id)} ${mdText(v.title)}\n\n${mdText(v.summary)}\n\n${records}${counts}`;
  });
  return `## Counterexamples\n\n${parts.join('\n\n')}`;
}

function failedStepsSection(steps: readonly string[]): string {
  if (steps.length === 0) return '';
  const parts = steps.map((step) => {
    const quick = quickCausesFor(step);
    if (!quick) return `### Step ${mdCode(step)}\n\nThe runbook has no quick-cause list for this step.`;
    const causes = quick.causes.map((c) => `- [ ] ${c}`).join('\n');
    return `### Step ${mdCode(step)}: ${quick.symptom}\n\nCheck first:\n\n${causes}`;
  });
  return `## Failed steps: quick causes\n\n${parts.join('\n\n')}`;
}

function notesSection(notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `## Notes\n\n${notes.map((n) => `- ${mdText(n)}`).join('\n')}`;
}

function reproduceSection(report: RunReport): string {
  const env = Object.entries(report.environment).map(([k, v]) => [mdText(k), mdCodeCell(v)]);
  const params = Object.entries(report.parameters).map(([k, v]) => [mdText(k), mdCodeCell(String(v))]);
  return [
    '## Reproduce',
    env.length > 0
      ? `Environment:\n\n${mdTable(['Component', 'Version'], env)}`
      : 'Environment: not recorded.',
    params.length > 0 ? `Parameters:\n\n${mdTable(['Parameter', 'Value'], params)}` : 'Parameters: none.',
    `Seed: ${report.seed !== undefined ? mdCode(String(report.seed)) : 'none (the run is not seeded)'}`,
    `Command:\n\n${mdCodeBlock(report.command, 'sh')}`,
  ].join('\n\n');
}
