/** Factories and a tiny XML well-formedness check for the report tests (no XML parser is a dependency). */
import type { ParticipateOperation, QueueSample } from '../invariants/history';
import type { Verdict } from '../invariants/verdict';
import type { RunReport } from './run-report';

export const T0 = Date.UTC(2026, 10, 22, 2, 15, 0);

export function aVerdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    id: 'I1',
    title: 'capacity',
    valid: true,
    summary: 'SUCCEEDED 100 of capacity 100',
    counts: { succeeded: 100 },
    counterexamples: [],
    ...overrides,
  };
}

export function aSample(secondsFromT0: number, overrides: Partial<QueueSample> = {}): QueueSample {
  return {
    time: T0 + secondsFromT0 * 1000,
    phase: 'spike',
    visible: 0,
    notVisible: 0,
    dlqVisible: 0,
    capacityRemaining: 100,
    workerRunning: false,
    ...overrides,
  };
}

export function anOperation(
  secondsFromT0: number,
  overrides: Partial<ParticipateOperation> = {},
): ParticipateOperation {
  return {
    f: 'participate',
    process: 'vu-1',
    eventId: 'EVT-009',
    userId: `u-${secondsFromT0}`,
    type: 'ok',
    httpStatus: 202,
    requestId: `r-${secondsFromT0}`,
    time: T0 + secondsFromT0 * 1000 + 20,
    latencyMs: 20,
    ...overrides,
  };
}

/**
 * The history of a small G0 run as the charts read it: the worker off for the first 70 s while
 * depth rises, then on while depth falls and capacity drops; one request every 100 ms during
 * the spike (5..65 s), a few of them failed or unknown.
 */
export function aRunHistory(): { samples: QueueSample[]; operations: ParticipateOperation[] } {
  const samples = Array.from({ length: 140 }, (_, i) => {
    const running = i >= 70;
    const visible = running ? Math.max(0, 600 - (i - 70) * 12) : Math.min(600, Math.max(0, (i - 5) * 10));
    return aSample(i, {
      phase: running ? 'drain' : 'spike',
      visible,
      notVisible: running && visible > 0 ? 10 : 0,
      dlqVisible: i > 100 ? 1 : 0,
      capacityRemaining: running ? Math.max(0, 100 - (i - 70) * 4) : 100,
      workerRunning: running,
    });
  });
  const operations = Array.from({ length: 600 }, (_, i) => {
    const at = 5 + i / 10;
    if (i % 97 === 0) return anOperation(at, { type: 'fail', httpStatus: 503, latencyMs: 4 });
    if (i % 151 === 0) return anOperation(at, { type: 'info', latencyMs: 10_000 });
    return anOperation(at, { latencyMs: 15 + (i % 40) });
  });
  return { samples, operations };
}

export function aRunReport(overrides: Partial<RunReport> = {}): RunReport {
  return {
    runId: 'g0-20261122T021500Z',
    title: 'G0 acceptance run',
    startedAt: T0,
    finishedAt: T0 + 140_000,
    command: 'npm run scenario -- g0 --seed 42',
    seed: 42,
    parameters: { eventId: 'EVT-009', capacity: 100, vus: 300, duration: '60s' },
    environment: {
      node: 'v22.23.3',
      'load tool': 'harness load driver (undici 8.12.4)',
      'DynamoDB engine': 'ministack 1.5.33',
      fauxqs: '2.4.1',
      moto: '5.2.5',
      machine: 'linux x64, 2 cores',
    },
    verdicts: [aVerdict(), aVerdict({ id: 'I10', title: 'HTTP', summary: '0.00% failed' })],
    valid: true,
    k6: {
      requests: 18_000,
      failedRate: 0,
      p50: 12.3,
      p95: 41.7,
      p99: 80.2,
      checksRate: 1,
      iterations: 18_000,
      vus: 300,
      duration: '60s',
    },
    statusCounts: { SUCCEEDED: 100, REJECTED: 17_900 },
    resultCodeCounts: { OK: 100, REJECTED_CAPACITY: 17_900 },
    samples: [
      {
        requestId: 'req-1',
        userId: 'sample-1',
        status: 'SUCCEEDED',
        resultCode: 'OK',
        requestedAt: T0 + 1_000,
        queuedAt: T0 + 1_010,
        startedAt: T0 + 76_000,
        finishedAt: T0 + 76_050,
      },
    ],
    latency: { workerOffP95Ms: 40, drainingP95Ms: 44, ratio: 1.1, goal: 1.2 },
    drainMs: 38_200,
    peakQueueDepth: 16_600,
    phases: [
      { name: 'spike', startedAt: T0 + 5_000, endedAt: T0 + 65_000 },
      { name: 'drain', startedAt: T0 + 75_000 },
    ],
    failedSteps: [],
    notes: [],
    ...overrides,
  };
}

/**
 * Problems that make `text` not well-formed XML: unbalanced or crossed tags, raw `<` or `&` in
 * text or attributes, more than one root. A scanner, not a parser, but strict about what the
 * writers emit. Returns [] for a well-formed document.
 */
export function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let roots = 0;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    checkText(text.slice(i, lt === -1 ? text.length : lt), problems, open.length === 0);
    if (lt === -1) break;
    if (text.startsWith('<?', lt)) i = skipPast(text, lt, '?>', problems);
    else if (text.startsWith('<!--', lt)) i = skipPast(text, lt, '-->', problems);
    else if (text.startsWith('</', lt)) {
      const gt = text.indexOf('>', lt);
      const name = text.slice(lt + 2, gt).trim();
      const expected = open.pop();
      if (expected !== name) problems.push(`</${name}> closes <${expected ?? 'nothing'}>`);
      i = gt + 1;
    } else {
      const end = tagEnd(text, lt, problems);
      const inner = text.slice(lt + 1, end);
      const name = inner.split(/[\s/>]/, 1)[0] ?? '';
      if (name === '') problems.push(`empty tag name at ${lt}`);
      if (open.length === 0) roots += 1;
      if (!inner.endsWith('/')) open.push(name);
      i = end + 1;
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

function tagEnd(text: string, from: number, problems: string[]): number {
  let quote: string | null = null;
  for (let j = from + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '<') problems.push(`raw < inside an attribute at ${j}`);
      else if (c === '&' && !startsEntity(text, j)) problems.push(`raw & inside an attribute at ${j}`);
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') problems.push(`< inside a tag at ${j}`);
  }
  problems.push(`tag at ${from} never ends`);
  return text.length;
}

function checkText(chunk: string, problems: string[], outsideRoot: boolean): void {
  if (outsideRoot && chunk.trim() !== '')
    problems.push(`text outside the root: ${chunk.trim().slice(0, 20)}`);
  for (let j = chunk.indexOf('&'); j !== -1; j = chunk.indexOf('&', j + 1)) {
    if (!startsEntity(chunk, j)) problems.push(`raw & in text: ${chunk.slice(j, j + 10)}`);
  }
}

function startsEntity(text: string, at: number): boolean {
  const semi = text.indexOf(';', at);
  if (semi === -1 || semi - at > 8) return false;
  const name = text.slice(at + 1, semi);
  return ['amp', 'lt', 'gt', 'quot', 'apos'].includes(name) || /^#(\d+|x[0-9a-fA-F]+)$/.test(name);
}

function skipPast(text: string, from: number, terminator: string, problems: string[]): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) {
    problems.push(`${terminator} missing`);
    return text.length;
  }
  return end + terminator.length;
}
