import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParticipateOperation } from '../../invariants/history';
import { countArrivals } from './arrival-schedule';
import { planFor } from './load-plan';
import { type DriverRun, type LoadRunOptions, runLoad, THRESHOLDS_CROSSED_EXIT } from './run-load';
import { startTestServer, type TestServer, type TestServerBehaviour } from './test-server';

let server: TestServer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function drive(
  behaviour: Partial<TestServerBehaviour>,
  overrides: Partial<LoadRunOptions> & Pick<LoadRunOptions, 'parameters'>,
): Promise<{ run: DriverRun; lines: string[]; server: TestServer; dir: string }> {
  server = await startTestServer(behaviour);
  dir = await mkdtemp(join(tmpdir(), 'load-driver-'));
  const lines: string[] = [];
  const run = await runLoad({
    baseUrl: server.url,
    eventId: 'EVT-T',
    label: 'phase',
    runTag: 't',
    runDir: dir,
    progressIntervalMs: 50,
    onLine: (line) => lines.push(line),
    ...overrides,
  });
  return { run, lines, server, dir };
}

/** Every record is one iteration, sent before it was answered, with its own user. */
function expectCompleteRecords(operations: readonly ParticipateOperation[]) {
  for (const op of operations) {
    expect(op.sentAt).toBeTypeOf('number');
    expect(op.sentAt as number).toBeLessThanOrEqual(op.time);
    expect(op.latencyMs).toBeGreaterThanOrEqual(0);
    expect(op.process).toBe('phase');
    expect(op.eventId).toBe('EVT-T');
  }
}

describe('closed model (spike)', () => {
  it('records one participation per iteration, every one with its send and answer time', async () => {
    const { run, server } = await drive(
      { loginLatencyMs: 5, participateLatencyMs: 15 },
      { parameters: { mode: 'spike', vus: 6, duration: '400ms', rate: 1 } },
    );
    const ops = run.operations;
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.length).toBe(run.summary?.iterations);
    expect(ops.length).toBe(server.counts.participations);
    expect(server.counts.logins).toBe(ops.length);
    expect(new Set(ops.map((op) => op.userId)).size).toBe(ops.length);
    expect(ops.every((op) => op.type === 'ok' && op.httpStatus === 202 && op.requestId)).toBe(true);
    expect(run.summary?.requests).toBe(2 * ops.length);
    expectCompleteRecords(ops);
    expect(run.exitCode).toBe(0);
  });

  it('reuses its connections: no more sockets than VUs', async () => {
    const { run, server } = await drive(
      { participateLatencyMs: 2 },
      { parameters: { mode: 'spike', vus: 4, duration: '300ms', rate: 1 } },
    );
    expect(run.operations.length).toBeGreaterThan(8);
    expect(server.counts.connections).toBeLessThanOrEqual(4);
  });
});

describe('open model', () => {
  it('starts or drops every scheduled arrival, and records each one it started (probe)', async () => {
    const parameters = { mode: 'probe', vus: 20, duration: '1s', rate: 40 } as const;
    const plan = planFor(parameters);
    if (plan.kind !== 'open') throw new Error('probe is an open plan');
    const { run, server } = await drive({ participateLatencyMs: 5 }, { parameters });
    const scheduled = countArrivals(plan.startRate, plan.stages);
    expect(scheduled).toBe(40);
    expect(run.operations.length + (run.summary?.droppedIterations ?? 0)).toBe(scheduled);
    expect(server.counts.logins).toBe(run.operations.length);
    expectCompleteRecords(run.operations);
  });

  it('drops the arrivals that find every VU busy instead of delaying them', async () => {
    // Two VUs and an iteration of at least 300 ms: at most a handful of 60 arrivals can start.
    const { run, server, lines } = await drive(
      { loginLatencyMs: 150, participateLatencyMs: 150 },
      { parameters: { mode: 'probe', vus: 2, duration: '1s', rate: 60 } },
    );
    const dropped = run.summary?.droppedIterations ?? 0;
    // The progress line counts them while the phase runs, not only at the end.
    expect(lines.some((line) => /^running .*, [1-9][\d,]* dropped$/.test(line))).toBe(true);
    expect(dropped).toBeGreaterThan(40);
    expect(run.operations.length + dropped).toBe(60);
    expect(server.counts.participations).toBe(run.operations.length);
    expectCompleteRecords(run.operations);
  });

  it('measures latency from the intended send time, so it covers the whole iteration', async () => {
    const { run } = await drive(
      { loginLatencyMs: 40, participateLatencyMs: 10 },
      { parameters: { mode: 'probe', vus: 5, duration: '500ms', rate: 10 } },
    );
    expect(run.operations.length).toBeGreaterThan(0);
    // Login (40 ms) happened after the due time and before the participation was sent.
    for (const op of run.operations) expect(op.latencyMs).toBeGreaterThanOrEqual(40);
  });
});

describe('storm', () => {
  it('logs one user in once and repeats the same participation from every VU', async () => {
    const { run, server } = await drive(
      { participateLatencyMs: 5 },
      { parameters: { mode: 'storm', vus: 8, duration: '300ms', rate: 1 } },
    );
    const ops = run.operations;
    expect(server.counts.logins).toBe(1);
    expect(ops.length).toBe(server.counts.participations);
    expect(ops.length).toBeGreaterThan(8);
    expect(new Set(ops.map((op) => op.userId)).size).toBe(1);
    expect(new Set(ops.map((op) => op.requestId)).size).toBe(1);
    expect(run.summary?.requests).toBe(ops.length + 1);
    expectCompleteRecords(ops);
  });
});

describe('failures and thresholds', () => {
  it('ends a hanging participation at the timeout as info (outcome unknown) and crosses the thresholds', async () => {
    const { run } = await drive(
      { participateHangs: true },
      { parameters: { mode: 'spike', vus: 2, duration: '100ms', rate: 1 }, timeoutMs: 200 },
    );
    expect(run.operations.length).toBeGreaterThan(0);
    expect(run.operations.every((op) => op.type === 'info' && op.errorKind === 'timeout')).toBe(true);
    expect(run.operations.every((op) => op.httpStatus === undefined)).toBe(true);
    expect(run.summary?.failedRate).toBe(1);
    expect(run.summary?.thresholds.every((t) => !t.passed)).toBe(true);
    expect(run.exitCode).toBe(THRESHOLDS_CROSSED_EXIT);
  });

  it('records a refused login as a failed participation that was never sent', async () => {
    const { run, server } = await drive(
      { loginStatus: 401 },
      { parameters: { mode: 'spike', vus: 2, duration: '100ms', rate: 1 } },
    );
    expect(server.counts.participations).toBe(0);
    expect(run.operations.length).toBe(server.counts.logins);
    expect(run.operations.every((op) => op.type === 'fail' && op.errorKind === 'login')).toBe(true);
    expect(run.operations.every((op) => op.httpStatus === 401)).toBe(true);
    expect(run.summary?.requests).toBe(run.operations.length);
    expect(Number.isNaN(run.summary?.p95)).toBe(true);
  });

  it('records a definite error answer as fail with its status', async () => {
    const { run } = await drive(
      { participateStatus: 503 },
      { parameters: { mode: 'spike', vus: 2, duration: '100ms', rate: 1 } },
    );
    expect(run.operations.every((op) => op.type === 'fail' && op.httpStatus === 503)).toBe(true);
    // 202 fails, requestId fails, no status field holds.
    expect(run.summary?.checksRate).toBeCloseTo(1 / 3);
  });

  it('records a refused connection as fail with its kind', async () => {
    server = await startTestServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const run = await runLoad({
      baseUrl: url,
      eventId: 'EVT-T',
      label: 'phase',
      runTag: 't',
      onLine: () => {},
      parameters: { mode: 'spike', vus: 1, duration: '50ms', rate: 1 },
    });
    expect(run.operations.length).toBeGreaterThan(0);
    expect(run.operations.every((op) => op.type === 'fail' && op.errorKind === 'login')).toBe(true);
  });
});

// Each worker thread loads tsx and the driver first: seconds on a busy 2-core machine.
describe('worker threads', { timeout: 60_000 }, () => {
  it('splits a closed phase over two event loops with one record per iteration and distinct users', async () => {
    const { run, server } = await drive(
      { loginLatencyMs: 2, participateLatencyMs: 5 },
      { parameters: { mode: 'spike', vus: 6, duration: '400ms', rate: 1 }, threads: 2 },
    );
    expect(run.operations.length).toBeGreaterThan(6);
    expect(run.operations.length).toBe(server.counts.participations);
    expect(new Set(run.operations.map((op) => op.userId)).size).toBe(run.operations.length);
    expectCompleteRecords(run.operations);
  });

  it('shares the arrivals of an open phase between threads: each one started or dropped, once', async () => {
    const { run, server } = await drive(
      { participateLatencyMs: 5 },
      { parameters: { mode: 'probe', vus: 10, duration: '1s', rate: 30 }, threads: 2 },
    );
    expect(run.operations.length + (run.summary.droppedIterations ?? 0)).toBe(30);
    expect(server.counts.logins).toBe(run.operations.length);
    const arrivals = run.operations.map((op) => op.userId.split('-a').at(-1));
    expect(new Set(arrivals).size).toBe(run.operations.length);
    expectCompleteRecords(run.operations);
  });

  it('storms with one login across threads', async () => {
    const { run, server } = await drive(
      { participateLatencyMs: 5 },
      { parameters: { mode: 'storm', vus: 4, duration: '300ms', rate: 1 }, threads: 2 },
    );
    expect(server.counts.logins).toBe(1);
    expect(new Set(run.operations.map((op) => op.requestId)).size).toBe(1);
    expect(run.operations.length).toBe(server.counts.participations);
  });
});

describe("the system's token source", { timeout: 60_000 }, () => {
  // The login route refuses: only tokens from the source can make a participation succeed.
  const signing = (userId: string) => Promise.resolve(`signed-${userId}`);

  it('gives every user its token, on one loop and across threads, and the login route is never used', async () => {
    for (const threads of [1, 2]) {
      const asked: string[] = [];
      const { run, server } = await drive(
        { loginStatus: 404 },
        {
          parameters: { mode: 'spike', vus: 4, duration: '200ms', rate: 1 },
          threads,
          tokenFor: (userId) => {
            asked.push(userId);
            return signing(userId);
          },
        },
      );
      expect(server.counts.logins).toBe(0);
      expect(run.operations.length).toBeGreaterThan(0);
      expect(run.operations.every((op) => op.type === 'ok' && op.httpStatus === 202)).toBe(true);
      expect(asked.sort()).toEqual(run.operations.map((op) => op.userId).sort());
      // Only participations were the driver's requests; thresholds judge them alone.
      expect(run.summary.requests).toBe(run.operations.length);
      expect(run.exitCode).toBe(0);
      await server.close();
    }
  });

  it('records a token the source could not give as a failed login, never sent', async () => {
    const { run, server } = await drive(
      {},
      {
        parameters: { mode: 'storm', vus: 2, duration: '100ms', rate: 1 },
        tokenFor: () => Promise.reject(new Error('the token command printed nothing')),
      },
    );
    expect(server.counts.logins + server.counts.participations).toBe(0);
    expect(run.operations).toHaveLength(1);
    expect(run.operations[0]).toMatchObject({ type: 'fail', errorKind: 'login' });
    expect(run.operations[0]?.httpStatus).toBeUndefined();
  });
});

describe('what a phase leaves', () => {
  it('writes every record and the summary into the run folder and prints progress and the summary', async () => {
    const { run, lines, dir } = await drive(
      { participateLatencyMs: 20 },
      { parameters: { mode: 'spike', vus: 3, duration: '300ms', rate: 1 } },
    );
    const recordLines = (await readFile(join(dir, 'phase-records.ndjson'), 'utf8')).trim().split('\n');
    expect(recordLines.length).toBe(run.operations.length);
    const written = recordLines.map((line) => JSON.parse(line) as ParticipateOperation);
    expect(written.map((op) => op.userId).sort()).toEqual(run.operations.map((op) => op.userId).sort());
    const summary = JSON.parse(await readFile(join(dir, 'phase-summary.json'), 'utf8'));
    const printed = await readFile(join(dir, 'phase-summary.txt'), 'utf8');
    expect(printed).toContain(`${run.operations.length} iterations`);
    expect(summary.iterations).toBe(run.operations.length);
    expect(summary.thresholds).toHaveLength(2);
    expect(lines.some((line) => /^running \d+\.\ds\/0\.3s, \d+\/3 VUs, [\d,]+ complete/.test(line))).toBe(
      true,
    );
    expect(lines.some((line) => line.includes(`${run.operations.length} iterations`))).toBe(true);
    expect(lines.some((line) => line.includes('participation p50'))).toBe(true);
  });
});
