/**
 * The harness's load driver against wrk (Debian's package) on the same trivial endpoint at the
 * same concurrency, in one run: the driver's full spike path (login -> participate, a record per
 * iteration) and wrk sending the same two requests. Goal: the driver reaches at least half of
 * wrk's request rate, so it is not the bottleneck of a G0 spike on a 2-core machine.
 *
 * The machine is shared (2 cores, other processes come and go), so the two clients take turns
 * in rounds and the ratio is taken per round, each round's driver against the wrk run right
 * after it; the table shows the median round. The CPU columns tell a starved client from a slow
 * one: cores busy on average, and requests per CPU-second.
 *
 *   BENCH_SECONDS (10, per client and round)  BENCH_ROUNDS (3)  BENCH_VUS (300, the runbook's)
 *   BENCH_WRK_THREADS (2)  BENCH_THREADS (driver event loops; default as G0 runs it)
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planFor } from '../scenarios/load/load-plan';
import { defaultThreads, runLoad } from '../scenarios/load/run-load';

const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const vus = Number(process.env.BENCH_VUS ?? 300);
const wrkThreads = Number(process.env.BENCH_WRK_THREADS ?? 2);
const driverThreads = process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : undefined;
const GOAL = 0.5;

interface Row {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly cpuCores?: number;
}

async function startEndpoint(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'trivial-endpoint.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function measureDriver(url: string, duration: number, label: string): Promise<Row> {
  const plan = planFor({ mode: 'spike', vus, duration: `${duration}s`, rate: 1 });
  const threads = driverThreads ?? defaultThreads(plan);
  const result = await runLoad({
    threads,
    baseUrl: url,
    eventId: 'EVT-BENCH',
    label,
    runTag: 'bench',
    parameters: { mode: 'spike', vus, duration: `${duration}s`, rate: 1 },
    progressIntervalMs: 60_000,
    onLine: () => {},
  });
  const summary = result.summary;
  return {
    label: `driver, ${threads} thread(s), ${vus} VUs`,
    // From the moment the VUs began: a worker thread's start-up is not the driver's rate.
    requestsPerSecond: summary.requestRate,
    p50Ms: summary.p50,
    p99Ms: summary.p99,
    errors: result.operations.filter((op) => op.type !== 'ok').length,
    ...(summary.cpuCores === undefined ? {} : { cpuCores: summary.cpuCores }),
  };
}

async function measureWrk(url: string): Promise<Row> {
  const script = join(import.meta.dirname, 'wrk-login-participate.lua');
  const wrkArgs = [
    '-t',
    String(wrkThreads),
    '-c',
    String(vus),
    '-d',
    `${seconds}s`,
    '--latency',
    '-s',
    script,
    url,
  ];
  // bash's `time` gives wrk's CPU seconds (user, system) on stderr, for the per-core column.
  const { stdout, stderr } = await run(
    'bash',
    ['-c', 'command -v wrk >/dev/null || exit 127; TIMEFORMAT="cpu %U %S"; time wrk "$@"', 'wrk', ...wrkArgs],
    { maxBuffer: 1 << 20 },
  ).catch((err: unknown) => {
    if ((err as { code?: unknown }).code === 127)
      throw new Error('wrk is not installed: make setup installs it (scripts/install-wrk.sh)');
    throw err;
  });
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN);
  const errors = /Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1];
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    label: `wrk ${wrkThreads} threads, ${vus} connections`,
    requestsPerSecond: rate,
    p50Ms: wrkLatencyMs(stdout, '50%'),
    p99Ms: wrkLatencyMs(stdout, '99%'),
    errors:
      Number(errors ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
    ...(cpu ? { cpuCores: (Number(cpu[1]) + Number(cpu[2])) / seconds } : {}),
  };
}

/** wrk prints latency percentiles as `50%  1.23ms` (or us / s). */
function wrkLatencyMs(stdout: string, label: string): number {
  const match = new RegExp(`${label.replace('%', '\\%')}\\s+([\\d.]+)(us|ms|s)`).exec(stdout);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

async function main(): Promise<void> {
  const endpoint = await startEndpoint();
  try {
    // Warm-up: JIT of the endpoint and the driver, then both measured on the same endpoint.
    await measureDriver(endpoint.url, 2, 'warm-up');
    const pairs: { driver: Row; wrk: Row; ratio: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      const driver = await measureDriver(endpoint.url, seconds, 'bench');
      const wrk = await measureWrk(endpoint.url);
      pairs.push({ driver, wrk, ratio: driver.requestsPerSecond / wrk.requestsPerSecond });
    }
    pairs.sort((a, b) => a.ratio - b.ratio);
    const median = pairs[Math.floor(pairs.length / 2)] as (typeof pairs)[number];
    const perCore = (r: Row) => (r.cpuCores ? (r.requestsPerSecond / r.cpuCores).toFixed(0) : '?');
    const row = (r: Row) =>
      `| ${r.label.padEnd(36)} | ${r.requestsPerSecond.toFixed(0).padStart(9)} | ${r.p50Ms.toFixed(2).padStart(8)} | ${r.p99Ms
        .toFixed(2)
        .padStart(
          8,
        )} | ${String(r.errors).padStart(6)} | ${(r.cpuCores?.toFixed(2) ?? '?').padStart(5)} | ${perCore(r).padStart(12)} |`;
    console.log(
      `\nLoad driver vs wrk: trivial endpoint (node:http, own process), ${rounds} rounds of ${seconds} s each, median round`,
    );
    console.log(
      '| client                               |     req/s |  p50 ms  |  p99 ms  | errors | cores | req/core-sec |',
    );
    console.log(
      '| ------------------------------------ | --------- | -------- | -------- | ------ | ----- | ------------ |',
    );
    console.log(row(median.driver));
    console.log(row(median.wrk));
    console.log(
      `driver / wrk = ${median.ratio.toFixed(2)}x (goal >= ${GOAL}x): ${median.ratio >= GOAL ? 'met' : 'NOT met'}; ` +
        `rounds ${pairs.map((p) => `${p.ratio.toFixed(2)}x`).join(', ')}; machine load ${loadavg()[0]?.toFixed(1)} ` +
        `on ${availableParallelism()} cores`,
    );
    console.log(
      'The driver latency is one participation (after its login); wrk latency is per request of either kind.',
    );
  } finally {
    await endpoint.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
