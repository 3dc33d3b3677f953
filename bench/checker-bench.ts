/**
 * Checker benchmark: every checker of the registry on synthetic correct histories of 10k, 100k
 * and 1M requests (duplicates, poison, a DLQ share, consistent timelines). Each size runs in a
 * child process of its own, so that the peak RSS printed for a size is that size's alone: the
 * history in memory plus what the checkers build. Goal: 1M requests checked in <= 10 s and
 * <= 2 GB, growing linearly (the last column is the growth factor per 10x).
 *
 * Then the same history as a file: that child writes it as history.ndjson (untimed) and another
 * child runs `check` on it as `make check` does (read, validate, judge), whose time and peak RSS
 * are the last rows: what a team re-judging a recorded run of that size waits for.
 *
 *   npm run bench:checkers                       # 10k, 100k, 1M
 *   npm run bench:checkers -- 10000 50000        # other sizes
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKER_SUITES, type Checker, checkAll, MEASURE_CHECKERS } from '../invariants';
import { checkHistoryFile } from '../invariants/check-history';
import { HISTORY_FILE } from '../invariants/history-format';
import { indexHistory } from '../invariants/history-index';
import { writeRunHistory } from '../invariants/history-writer';
import { buildSyntheticHistory } from '../invariants/synthetic-history';

const GOAL_SECONDS = 10;
const GOAL_RSS_MB = 2048;
const DEFAULT_SIZES = [10_000, 100_000, 1_000_000];

interface ChildResult {
  readonly size: number;
  readonly generateMs: number;
  readonly historyHeapMb: number;
  readonly checkers: readonly { readonly id: string; readonly ms: number; readonly valid: string }[];
  readonly checkMs: number;
  readonly maxRssMb: number;
}

/** `check` on the written file: read, validated and judged, as `make check RUN=...` does. */
interface FileCheckResult {
  readonly fileMb: number;
  readonly ms: number;
  readonly maxRssMb: number;
  readonly valid: string;
}

/** Every checker once, in registry order, without duplicates. */
function everyChecker(): Checker[] {
  return [...new Set<Checker>([...Object.values(CHECKER_SUITES).flat(), ...MEASURE_CHECKERS])];
}

async function runChild(size: number, runDir: string): Promise<ChildResult> {
  const started = performance.now();
  const history = buildSyntheticHistory({ requests: size, seed: 7 });
  const generateMs = performance.now() - started;
  globalThis.gc?.();
  const historyHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  // The shared per-request index is built once and read by several checkers: its own row.
  const indexStarted = performance.now();
  const index = indexHistory(history);
  // Its parts are built on first use; touch each so that this row carries their cost.
  void [index.requestsById, index.logs, index.observations];
  const indexRow = { id: 'index', ms: performance.now() - indexStarted, valid: '-' };
  const checkers = [
    indexRow,
    ...everyChecker().map((checker) => {
      const t0 = performance.now();
      const { verdicts } = checkAll(history, [checker]);
      return {
        id: verdicts[0]?.id ?? checker.name,
        ms: performance.now() - t0,
        valid: String(verdicts[0]?.valid),
      };
    }),
  ];
  // Read before the file is written: the peak RSS of the checks, not of writing.
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  await writeRunHistory(runDir, { suite: 'core', runId: `synthetic-${size}` }, history);
  return {
    size,
    generateMs,
    historyHeapMb,
    checkers,
    checkMs: checkers.reduce((sum, c) => sum + c.ms, 0),
    maxRssMb,
  };
}

async function runFileCheck(runDir: string): Promise<FileCheckResult> {
  const started = performance.now();
  const outcome = await checkHistoryFile(runDir);
  return {
    fileMb: statSync(join(runDir, HISTORY_FILE)).size / 2 ** 20,
    ms: performance.now() - started,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    valid: String(outcome.valid),
  };
}

/** One child: its node flags, then this file with the child's mode; its last stdout line is the result. */
function spawnChild<T>(what: string, nodeFlags: readonly string[], mode: readonly string[]): T {
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', import.meta.filename, ...mode],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 2 ** 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (child.status !== 0) throw new Error(`checker bench: ${what} exited ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as T;
}

/**
 * The node flags of `npm run check:history` as package.json gives them (`node <flags> --import
 * tsx ...`), so that the file rows are what a user sees and cannot drift from the command.
 */
function checkCommandFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (packageJson.scripts['check:history'] ?? '').split(/\s+/);
  const flags = words.slice(1, words.indexOf('--import'));
  if (words[0] !== 'node' || flags.length === 0 || flags.some((flag) => !flag.startsWith('--')))
    throw new Error(
      `checker bench: the check:history script is no longer "node <flags> --import tsx ...": ${words.join(' ')}`,
    );
  return flags;
}

function label(size: number): string {
  return size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1_000 ? `${size / 1_000}k` : String(size);
}

function printTable(results: readonly ChildResult[], files: readonly FileCheckResult[]): void {
  const cell = (text: string) => text.padStart(9);
  // The last two sizes' ratio, normalised to a 10x step: ~10x per 10x is linear.
  const growth = (values: readonly number[]) => {
    const [a, b] = values.slice(-2);
    const [sa, sb] = results.slice(-2).map((r) => r.size);
    if (a === undefined || b === undefined || sa === undefined || sb === undefined || a <= 0 || sb <= sa)
      return '-';
    return `${((b / a) ** (1 / Math.log10(sb / sa))).toFixed(1)}x`;
  };
  const header = `| ${'checker'.padEnd(8)} | ${results.map((r) => cell(`${label(r.size)} ms`)).join(' | ')} | per 10x |`;
  console.log('\nCheckers on synthetic correct histories (time per checker, ms)');
  console.log(header);
  console.log(`| ${'-'.repeat(8)} | ${results.map(() => '-'.repeat(9)).join(' | ')} | ------- |`);
  const ids = results[0]?.checkers.map((c) => c.id) ?? [];
  for (const [i, id] of ids.entries()) {
    const values = results.map((r) => r.checkers[i]?.ms ?? Number.NaN);
    const verdicts = [...new Set(results.map((r) => r.checkers[i]?.valid))].join('/');
    console.log(
      `| ${id.padEnd(8)} | ${values.map((v) => cell(v.toFixed(0))).join(' | ')} | ${growth(values).padStart(7)} | ${verdicts}`,
    );
  }
  const totals = results.map((r) => r.checkMs);
  const rss = results.map((r) => r.maxRssMb);
  console.log(
    `| ${'all'.padEnd(8)} | ${totals.map((v) => cell(v.toFixed(0))).join(' | ')} | ${growth(totals).padStart(7)} |`,
  );
  console.log(
    `| ${'peak RSS'.padEnd(8)} | ${rss.map((v) => cell(`${v.toFixed(0)} MB`)).join(' | ')} | ${growth(rss).padStart(7)} |`,
  );
  console.log(
    `| ${'history'.padEnd(8)} | ${results.map((r) => cell(`${r.historyHeapMb.toFixed(0)} MB`)).join(' | ')} |         | heap of the history alone`,
  );
  console.log(
    `| ${'generate'.padEnd(8)} | ${results.map((r) => cell(r.generateMs.toFixed(0))).join(' | ')} |         | not part of the check`,
  );
  console.log(
    `| ${'file'.padEnd(8)} | ${files.map((f) => cell(`${f.fileMb.toFixed(0)} MB`)).join(' | ')} |         | history.ndjson`,
  );
  const fileMs = files.map((f) => f.ms);
  const fileRss = files.map((f) => f.maxRssMb);
  console.log(
    `| ${'check'.padEnd(8)} | ${fileMs.map((v) => cell(v.toFixed(0))).join(' | ')} | ${growth(fileMs).padStart(7)} | ` +
      `${[...new Set(files.map((f) => f.valid))].join('/')}: the file read, validated and judged (make check)`,
  );
  console.log(
    `| ${'its RSS'.padEnd(8)} | ${fileRss.map((v) => cell(`${v.toFixed(0)} MB`)).join(' | ')} | ${growth(fileRss).padStart(7)} | peak RSS of that check`,
  );
  const largest = results.at(-1);
  if (largest !== undefined) {
    const seconds = largest.checkMs / 1000;
    const met = seconds <= GOAL_SECONDS && largest.maxRssMb <= GOAL_RSS_MB;
    console.log(
      `${label(largest.size)} requests: ${seconds.toFixed(1)} s and ${largest.maxRssMb.toFixed(0)} MB peak RSS ` +
        `(goal <= ${GOAL_SECONDS} s and <= ${GOAL_RSS_MB} MB: ${met ? 'met' : 'not met'})`,
    );
  }
}

const childAt = process.argv.indexOf('--child');
const fileCheckAt = process.argv.indexOf('--check-file');
if (childAt !== -1) {
  const [size, runDir] = process.argv.slice(childAt + 1);
  console.log(JSON.stringify(await runChild(Number(size), runDir ?? '')));
} else if (fileCheckAt !== -1) {
  console.log(JSON.stringify(await runFileCheck(process.argv[fileCheckAt + 1] ?? '')));
} else {
  const asked = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const sizes = asked.length > 0 ? asked : DEFAULT_SIZES;
  const results: ChildResult[] = [];
  const files: FileCheckResult[] = [];
  const checkFlags = checkCommandFlags();
  const scratch = mkdtempSync(join(tmpdir(), 'checker-bench-'));
  try {
    for (const size of sizes) {
      const runDir = mkdtempSync(join(scratch, `${label(size)}-`));
      console.log(`checker bench: ${label(size)} requests, the checkers on the history in memory...`);
      results.push(
        spawnChild(
          `${label(size)} requests`,
          ['--expose-gc', '--max-old-space-size=6144'],
          ['--child', String(size), runDir],
        ),
      );
      console.log(`checker bench: ${label(size)} requests, check on its history.ndjson...`);
      files.push(spawnChild(`check at ${label(size)} requests`, checkFlags, ['--check-file', runDir]));
      rmSync(runDir, { recursive: true, force: true });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  printTable(results, files);
}
