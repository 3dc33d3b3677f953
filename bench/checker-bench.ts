/**
 * Checker benchmark: every checker of the registry on synthetic correct histories of 10k, 100k
 * and 1M requests (duplicates, poison, a DLQ share, consistent timelines). Each size runs in a
 * child process of its own, so that the peak RSS printed for a size is that size's alone: the
 * history in memory plus what the checkers build. Goal: 1M requests checked in <= 10 s and
 * <= 2 GB, growing linearly (the last column is the growth factor per 10x).
 *
 *   npm run bench:checkers                       # 10k, 100k, 1M
 *   npm run bench:checkers -- 10000 50000        # other sizes
 */
import { spawnSync } from 'node:child_process';
import { CHECKER_SUITES, type Checker, checkAll, MEASURE_CHECKERS } from '../invariants';
import { indexHistory } from '../invariants/history-index';
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

/** Every checker once, in registry order, without duplicates. */
function everyChecker(): Checker[] {
  return [...new Set<Checker>([...Object.values(CHECKER_SUITES).flat(), ...MEASURE_CHECKERS])];
}

function runChild(size: number): ChildResult {
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
  return {
    size,
    generateMs,
    historyHeapMb,
    checkers,
    checkMs: checkers.reduce((sum, c) => sum + c.ms, 0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function spawnSize(size: number): ChildResult {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=6144',

      '--import',
      'tsx',
      import.meta.filename,
      '--child',
      String(size),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`checker bench at ${size} requests exited ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

function label(size: number): string {
  return size >= 1_000_000 ? `${size / 1_000_000}M` : size >= 1_000 ? `${size / 1_000}k` : String(size);
}

function printTable(results: readonly ChildResult[]): void {
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
if (childAt !== -1) {
  console.log(JSON.stringify(runChild(Number(process.argv[childAt + 1]))));
} else {
  const asked = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const sizes = asked.length > 0 ? asked : DEFAULT_SIZES;
  const results: ChildResult[] = [];
  for (const size of sizes) {
    console.log(`checker bench: ${label(size)} requests...`);
    results.push(spawnSize(size));
  }
  printTable(results);
}
