/**
 * Runs real k6 as a child process, streams its progress, and turns its per-request records into
 * history operations. k6's own exit code (99 = thresholds crossed) is reported, not trusted alone:
 * the invariants decide.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParticipateOperation } from '../../invariants/history';
import type { K6Summary } from '../../reports/run-report';

export interface K6RunOptions {
  readonly k6Binary: string;
  readonly script: string;
  readonly runDir: string;
  /** Names the files of this run: <label>-records.ndjson, <label>-summary.json. */
  readonly label: string;
  readonly env: Record<string, string>;
  readonly eventId: string;
  readonly onLine: (line: string) => void;
}

export interface K6Run {
  readonly exitCode: number;
  readonly operations: ParticipateOperation[];
  readonly summary: K6Summary | undefined;
  readonly summaryFile: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

export async function runK6(options: K6RunOptions): Promise<K6Run> {
  const recordsFile = join(options.runDir, `${options.label}-records.ndjson`);
  const summaryFile = join(options.runDir, `${options.label}-summary.json`);
  const startedAt = Date.now();
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      options.k6Binary,
      ['run', '--no-color', '--console-output', recordsFile, '--log-format', 'raw', options.script],
      {
        env: { ...process.env, ...options.env, SUMMARY_FILE: summaryFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) options.onLine(line.trim());
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', (err) =>
      reject(new Error(`k6 could not start (${options.k6Binary}): ${err.message}; run make setup`)),
    );
    // k6 must not outlive an interrupted run (it would keep loading a port nobody serves).
    const killK6 = () => child.kill('SIGKILL');
    process.once('exit', killK6);
    child.once('exit', (code) => {
      process.off('exit', killK6);
      resolve(code ?? 1);
    });
  });
  const endedAt = Date.now();
  const records = await readFile(recordsFile, 'utf8').catch(() => '');
  const summaryText = await readFile(summaryFile, 'utf8').catch(() => undefined);
  return {
    exitCode,
    operations: parseRecords(records, options.eventId, options.label),
    summary: summaryText ? toK6Summary(JSON.parse(summaryText), options.env) : undefined,
    summaryFile,
    startedAt,
    endedAt,
  };
}

interface K6Record {
  f: 'participate' | 'login';
  u: string;
  s: number;
  r?: string;
  hs?: boolean;
  t: number;
  d: number;
  e?: number;
}

/**
 * One operation per iteration. No answer (status 0: timeout, reset) is `info`: the request may
 * exist. A failed login means the user never got to participate: a definite `fail`.
 */
export function parseRecords(text: string, eventId: string, process: string): ParticipateOperation[] {
  const operations: ParticipateOperation[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let record: K6Record;
    try {
      record = JSON.parse(line) as K6Record;
    } catch {
      continue;
    }
    const type = record.s === 0 ? 'info' : record.f === 'participate' && record.s === 202 ? 'ok' : 'fail';
    operations.push({
      f: 'participate',
      process,
      eventId,
      userId: record.u,
      type: record.f === 'login' && record.s !== 0 ? 'fail' : type,
      ...(record.s ? { httpStatus: record.s } : {}),
      ...(record.r ? { requestId: record.r } : {}),
      bodyHasStatus: record.hs === true,
      time: record.t,
      latencyMs: record.d,
    });
  }
  return operations;
}

type Metrics = Record<string, { values: Record<string, number> } | undefined>;

function toK6Summary(data: { metrics: Metrics }, env: Record<string, string>): K6Summary {
  const value = (metric: string, field: string) => data.metrics[metric]?.values[field] ?? 0;
  const dropped = data.metrics.dropped_iterations?.values.count;
  return {
    requests: value('http_reqs', 'count'),
    failedRate: value('http_req_failed', 'rate'),
    p50: value('participation_duration', 'p(50)'),
    p95: value('participation_duration', 'p(95)'),
    p99: value('participation_duration', 'p(99)'),
    checksRate: value('checks', 'rate'),
    iterations: value('iterations', 'count'),
    ...(dropped === undefined ? {} : { droppedIterations: dropped }),
    vus: Number(env.VUS ?? 0),
    duration: env.DURATION ?? '',
  };
}

/** p-th percentile (0..100) of latencies, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
