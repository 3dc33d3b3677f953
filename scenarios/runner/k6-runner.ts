/**
 * LOAD_TOOL=k6: runs a k6 that the user brought (never installed by the harness: k6 is AGPL) as
 * a child process with the G0 script of k6/, streams its progress, and turns its per-request
 * records into history operations. k6's own exit code (99 = thresholds crossed) is reported, not
 * trusted alone: the invariants decide.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParticipateOperation } from '../../invariants/history';
import type { K6Summary } from '../../reports/run-report';
import type { LoadRun } from '../load/run-load';

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

export async function runK6(options: K6RunOptions): Promise<LoadRun> {
  const recordsFile = join(options.runDir, `${options.label}-records.ndjson`);
  const summaryFile = join(options.runDir, `${options.label}-summary.json`);
  const startedAt = Date.now();
  const print = k6LineFilter((line) => options.onLine(`k6 | ${line}`));
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
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) print(line.trim());
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', (err) =>
      reject(
        new Error(
          `k6 could not start (${options.k6Binary}): ${err.message}; set K6_BINARY or leave LOAD_TOOL unset`,
        ),
      ),
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
    tool: 'k6',
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

/** k6's error code for a request timeout (k6 docs, "Error codes"). */
const K6_REQUEST_TIMEOUT = 1050;

/**
 * One operation per iteration. No answer (status 0: timeout, reset) is `info`: the request may
 * exist. A failed login means the user never got to participate: a definite `fail`. k6 gives the
 * answer time and the duration; the send time is their difference.
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
    const login = record.f === 'login';
    const type = login ? 'fail' : record.s === 0 ? 'info' : record.s === 202 ? 'ok' : 'fail';
    const errorKind = login
      ? 'login'
      : record.s === 0
        ? record.e === K6_REQUEST_TIMEOUT
          ? 'timeout'
          : 'other'
        : undefined;
    operations.push({
      f: 'participate',
      process,
      eventId,
      userId: record.u,
      type,
      ...(record.s ? { httpStatus: record.s } : {}),
      ...(record.r ? { requestId: record.r } : {}),
      bodyHasStatus: record.hs === true,
      ...(errorKind ? { errorKind } : {}),
      sentAt: Math.floor(record.t - record.d),
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
    tool: 'k6',
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

/**
 * k6 prints its banner and a progress bar every second when it has no terminal; keep its own
 * summary and one progress line every five seconds.
 */
function k6LineFilter(print: (line: string) => void): (line: string) => void {
  let lastProgress = 0;
  return (line) => {
    if (line.startsWith('running (')) {
      if (Date.now() - lastProgress < 5_000) return;
      lastProgress = Date.now();
      print(line);
    } else if (/^(k6 |participation p50|.*(threshold|ERRO|WARN|error))/i.test(line)) {
      print(line);
    }
  };
}
