/**
 * The one part of the report writer that touches the filesystem. A run folder holds everything
 * needed to judge the run without rerunning it (Jepsen's store/ layout):
 *
 *   reports/
 *     latest -> runs/g0-20261122T021500Z      (relative symlink, moved only after all files exist)
 *     runs/g0-20261122T021500Z/
 *       report.md  report.html  results.json  junit.xml  history.json
 *       timeline.svg timeline.png  latency.svg latency.png ...   [logs, load summaries, extra files]
 *
 * Every run kind writes through writeReportFolder, so every kind gets the same files, the same
 * junit.xml and the same move of `latest`.
 */
import { mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exitCodeFor } from '../invariants/verdict';
import { type RenderedChart, type ReportChart, renderChart } from './charts/render';
import type { ChartWindow } from './charts/windows';
import { renderDocumentHtml } from './document-html';
import { HTML_FILE, renderDocumentMarkdown } from './document-markdown';
import { toJsonText } from './json-text';
import { renderJunitXml } from './junit';
import { type ReportDocument, type ReportLang, reportLangFrom } from './report-document';
import { chartableHistory, runCharts } from './run-charts';
import { toRunDocument } from './run-document';
import type { RunReport } from './run-report';

export const RUN_FILES = ['report.md', HTML_FILE, 'results.json', 'junit.xml', 'history.json'] as const;

export interface FolderExtras {
  /** The collected history, written as history.json. */
  readonly history?: unknown;
  /** Further files for the folder (summaries, records), by plain file name. */
  readonly files?: Readonly<Record<string, string>>;
}

export interface RunExtras extends FolderExtras {
  /**
   * The history the charts are drawn from when `history` (history.json) is only a summary: a
   * run's whole history goes to history.ndjson, one record per line.
   */
  readonly chartHistory?: unknown;
  /** Shaded windows of the time charts (chaos faults); the worker-off windows when absent. */
  readonly windows?: readonly ChartWindow[];
  /** Charts the run kind adds (G1: traffic, result mix, delays), after the time charts. */
  readonly charts?: readonly ReportChart[];
  /** REPORT_LANG of the environment when absent. */
  readonly lang?: ReportLang;
}

/** `g0-20261122T021500Z`: sorts by time and is safe in a path on every OS (no colons). */
export function buildRunId(prefix: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${prefix}-${stamp}`;
}

/**
 * Makes the folder of a new run and returns its path. An explicit runId that exists already is
 * an error (a run never overwrites another); a generated one gets a suffix instead.
 */
export async function createRunFolder(
  root = 'reports/runs',
  runId?: string,
  now: () => Date = () => new Date(),
): Promise<string> {
  await mkdir(root, { recursive: true });
  if (runId !== undefined) {
    assertPlainName(runId, 'runId');
    const dir = path.join(root, runId);
    await mkdir(dir);
    return dir;
  }
  const base = buildRunId('g0', now());
  for (let attempt = 1; ; attempt++) {
    const dir = path.join(root, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw err;
    }
  }
}

/** A G0, G1 or chaos run: its charts from the history, its document, then the folder. */
export async function writeRunReport(dir: string, report: RunReport, extras: RunExtras = {}): Promise<void> {
  checkExtraFiles(extras.files);
  const present = await readdir(dir);
  const { samples, operations } = chartableHistory(extras.chartHistory ?? extras.history);
  const lang = extras.lang ?? reportLangFrom(process.env);
  const charts = [
    ...runCharts({
      title: report.title,
      startedAt: report.startedAt,
      phases: report.phases,
      samples,
      operations,
      lang,
      ...(extras.windows ? { windows: extras.windows } : {}),
    }),
    ...(extras.charts ?? []),
  ];
  const document = toRunDocument({
    report,
    charts,
    lang,
    logFiles: present.filter((f) => f.endsWith('.log')).sort(),
    loadSummaries: await loadSummaries(dir, present),
  });
  await writeReportFolder(dir, document, {
    results: { ...report, exitCode: exitCodeFor(report.valid) },
    ...extras,
  });
}

/**
 * Writes report.md, report.html, results.json, junit.xml and every chart as SVG and PNG, then
 * points `latest` (beside the runs folder) at the run. A chart that fails to render is said so
 * on stderr and marked missing in the HTML (the browser check fails on it), not fatal: the
 * verdicts matter more than a picture.
 */
export async function writeReportFolder(
  dir: string,
  document: ReportDocument,
  extras: FolderExtras & { readonly results: unknown },
): Promise<void> {
  checkExtraFiles(extras.files);
  const rendered = new Map<string, RenderedChart>();
  for (const chart of document.charts) {
    assertPlainName(`${chart.name}.svg`, 'chart name');
    try {
      rendered.set(chart.name, await renderChart(chart));
    } catch (err) {
      console.error(`report: the chart ${chart.name} could not be rendered: ${(err as Error).message}`);
    }
  }
  const durationMs = document.finishedAt - document.startedAt;
  const files: Record<string, string | Buffer> = {
    'report.md': renderDocumentMarkdown(document),
    [HTML_FILE]: renderDocumentHtml(document, rendered),
    'results.json': `${toJsonText(extras.results)}\n`,
    'junit.xml': renderJunitXml(document.title, document.verdicts, durationMs),
    ...Object.fromEntries(
      [...rendered.values()].flatMap((c) => [
        [`${c.name}.svg`, c.svg],
        [`${c.name}.png`, c.png],
      ]),
    ),
    ...(extras.history !== undefined ? { 'history.json': `${toJsonText(extras.history)}\n` } : {}),
    ...extras.files,
  };
  for (const [name, content] of Object.entries(files))
    await writeFileAtomically(path.join(dir, name), content);
  await pointLatestAt(dir);
}

/**
 * Repoints `<runs folder>/../latest` at `dir` with a relative link, so the tree can be moved or
 * archived whole. rename() over the old link is atomic: a reader sees the old run or the new
 * one, never a missing link.
 */
export async function pointLatestAt(dir: string): Promise<string> {
  const runs = path.dirname(path.resolve(dir));
  const link = path.join(path.dirname(runs), 'latest');
  const target = path.relative(path.dirname(link), path.resolve(dir));
  const temp = `${link}.${process.pid}.${Date.now()}.tmp`;
  await symlink(target, temp);
  try {
    await rename(temp, link);
  } catch (err) {
    await rm(temp, { force: true });
    throw new Error(`cannot replace ${link} (is it a real directory?): ${(err as Error).message}`, {
      cause: err,
    });
  }
  return link;
}

/** The load driver's `<label>-summary.txt` files, in the order the phases wrote them. */
async function loadSummaries(dir: string, present: readonly string[]) {
  const files = await Promise.all(
    present
      .filter((f) => f.endsWith('-summary.txt'))
      .map(async (name) => {
        const file = path.join(dir, name);
        const [info, text] = await Promise.all([stat(file), readFile(file, 'utf8')]);
        return { label: name.slice(0, -'-summary.txt'.length), text, written: info.mtimeMs };
      }),
  );
  return files
    .sort((a, b) => a.written - b.written || a.label.localeCompare(b.label))
    .map(({ label, text }) => ({ label, text }));
}

function checkExtraFiles(files: Readonly<Record<string, string>> | undefined): void {
  for (const name of Object.keys(files ?? {})) {
    assertPlainName(name, 'extra file name');
    if ((RUN_FILES as readonly string[]).includes(name) || /\.(svg|png)$/.test(name)) {
      throw new Error(`extra file ${name} would overwrite a file the report writer owns`);
    }
  }
}

/** A reader of the folder (CI uploading junit.xml) never sees half a file. */
async function writeFileAtomically(file: string, content: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

function assertPlainName(name: string, what: string): void {
  if (
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.includes('/') ||
    name.includes('\\') ||
    name.includes('\0')
  ) {
    throw new Error(`${what} must be a plain file name, got ${JSON.stringify(name)}`);
  }
}
