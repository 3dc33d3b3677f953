/**
 * The one part of the report writer that touches the filesystem. A run folder holds everything
 * needed to judge the run without rerunning it (Jepsen's store/ layout):
 *
 *   reports/
 *     latest -> runs/g0-20261122T021500Z      (relative symlink, moved only after all files exist)
 *     runs/g0-20261122T021500Z/
 *       report.md  results.json  junit.xml  timeline.svg  history.json  [extra files]
 */
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { History } from '../invariants/history';
import { exitCodeFor } from '../invariants/verdict';
import { renderTimelineSvg, type TimelineInput } from './chart-svg';
import { deriveWorkerOffWindows } from './chart-windows';
import { toJsonText } from './json-text';
import { renderJunitXml } from './junit';
import { renderRunReportMarkdown } from './markdown';
import type { RunReport } from './run-report';

export const RUN_FILES = ['report.md', 'results.json', 'junit.xml', 'timeline.svg', 'history.json'] as const;

export interface RunExtras {
  /** The collected history, written as history.json; its samples feed the chart when `chart` is absent. */
  readonly history?: unknown;
  /** The chart's input when the caller has more to show (chaos windows) than the history alone. */
  readonly chart?: TimelineInput;
  /** Further files for the folder (k6 summary, logs), by plain file name. */
  readonly files?: Readonly<Record<string, string>>;
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

/** Writes every file of the run, then points `latest` (beside the runs folder) at it. */
export async function writeRunReport(dir: string, report: RunReport, extras: RunExtras = {}): Promise<void> {
  for (const name of Object.keys(extras.files ?? {})) {
    assertPlainName(name, 'extra file name');
    if ((RUN_FILES as readonly string[]).includes(name)) {
      throw new Error(`extra file ${name} would overwrite a file the report writer owns`);
    }
  }
  const durationMs = report.finishedAt - report.startedAt;
  const files: Record<string, string> = {
    'report.md': renderRunReportMarkdown(report),
    'results.json': `${toJsonText({ ...report, exitCode: exitCodeFor(report.valid) })}\n`,
    'junit.xml': renderJunitXml(report.title, report.verdicts, durationMs),
    'timeline.svg': renderTimelineSvg(chartInput(report, extras)),
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

function chartInput(report: RunReport, extras: RunExtras): TimelineInput {
  if (extras.chart) return extras.chart;
  const samples = samplesOf(extras.history);
  return {
    samples,
    phases: report.phases,
    windows: deriveWorkerOffWindows(samples),
    origin: report.startedAt,
    title: `${report.title} ${report.runId}`,
  };
}

// The history arrives as `unknown` (it is written verbatim); only its samples are needed here.
function samplesOf(history: unknown): History['samples'] {
  if (typeof history !== 'object' || history === null) return [];
  const samples = (history as { samples?: unknown }).samples;
  return Array.isArray(samples) ? (samples as History['samples']) : [];
}

/** A reader of the folder (CI uploading junit.xml) never sees half a file. */
async function writeFileAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content, 'utf8');
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
