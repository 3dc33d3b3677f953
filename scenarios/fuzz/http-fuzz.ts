/**
 * Sends a seeded batch of invalid requests (fuzz-requests.ts) to an ingest over plain node:http,
 * so paths go out exactly as generated (no URL normalisation, no fragment stripping), and judges
 * every answer: the only acceptable one is a 4xx with a JSON body `{ code, message }`.
 *
 * The runner only counts; the caller checks that nothing changed (table, queues) and that the
 * service is still healthy, because only the caller knows where the state lives.
 */
import { Agent, request as httpRequest } from 'node:http';
import { countValues } from '../runner/count-by';
import { type FuzzRequest, generateFuzzRequests } from './fuzz-requests';
import { FUZZ_TOKEN_NAMES, type FuzzTokenName, type FuzzTokens } from './fuzz-tokens';
import { describeFuzzRequest, toWireRequest } from './wire-request';

export interface HttpFuzzOptions {
  readonly baseUrl: string;
  readonly tokens: FuzzTokens;
  readonly runs: number;
  readonly seed: number;
  readonly concurrency?: number;
  /** An existing event: requests to it are generated only with something else wrong. */
  readonly realEventId?: string;
  readonly timeoutMs?: number;
  /** Examples kept per kind of unexpected answer (the counts are always complete). */
  readonly maxExamples?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FuzzExample {
  /** Position in the seeded sequence: (seed, runs, index) replays it. */
  readonly index: number;
  readonly request: string;
  readonly status: number | 'no answer';
  readonly answer: string;
}

export interface HttpFuzzCounts {
  readonly seed: number;
  readonly requests: number;
  readonly durationMs: number;
  /** HTTP status, or 'no answer' when the connection failed before a response. */
  readonly byStatus: Record<string, number>;
  readonly byRoute: Record<string, number>;
  /** Acceptable answers by status and error `code`, e.g. '415 UNSUPPORTED_MEDIA_TYPE'. */
  readonly byAnswer: Record<string, number>;
  /** Answers that were not acceptable, all kinds together. */
  readonly unexpected: number;
  /** 2xx, 3xx, 5xx. */
  readonly non4xx: FuzzExample[];
  /** 4xx without a JSON `{ code, message }` body. */
  readonly nonJsonErrors: FuzzExample[];
  /** Connection reset, timeout or any other failure before a response arrived. */
  readonly noAnswer: FuzzExample[];
}

export type Judgement = 'ok' | 'non4xx' | 'nonJsonError';

/**
 * Pure: is this answer acceptable for an invalid request? A HEAD answer carries no body by
 * definition, so for HEAD the JSON media type is all there is to check.
 */
export function judgeAnswer(answer: {
  method: string;
  status: number;
  contentType: string | undefined;
  body: string;
}): Judgement {
  if (answer.status < 400 || answer.status > 499) return 'non4xx';
  if (!/^application\/json\b/i.test(answer.contentType ?? '')) return 'nonJsonError';
  if (answer.method === 'HEAD') return 'ok';
  try {
    const parsed: unknown = JSON.parse(answer.body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'nonJsonError';
    const { code, message } = parsed as { code?: unknown; message?: unknown };
    return typeof code === 'string' && code.length > 0 && typeof message === 'string' && message.length > 0
      ? 'ok'
      : 'nonJsonError';
  } catch {
    return 'nonJsonError';
  }
}

export function availableTokenNames(tokens: FuzzTokens): FuzzTokenName[] {
  return FUZZ_TOKEN_NAMES.filter((name) => tokens[name] !== undefined);
}

export async function runHttpFuzz(options: HttpFuzzOptions): Promise<HttpFuzzCounts> {
  const startedAt = Date.now();
  const requests = generateFuzzRequests({
    seed: options.seed,
    runs: options.runs,
    tokenNames: availableTokenNames(options.tokens),
    ...(options.realEventId === undefined ? {} : { realEventId: options.realEventId }),
  });
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const maxExamples = options.maxExamples ?? 20;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(options.baseUrl);
  const statuses: string[] = [];
  const codes: string[] = [];
  const found = {
    non4xx: [] as FuzzExample[],
    nonJsonErrors: [] as FuzzExample[],
    noAnswer: [] as FuzzExample[],
  };
  let unexpected = 0;
  const keep = (list: FuzzExample[], example: FuzzExample) => {
    unexpected++;
    if (list.length < maxExamples) list.push(example);
  };

  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < requests.length; index = next++) {
      const request = requests[index] as FuzzRequest;
      const answer = await send(agent, target, request, options);
      done++;
      if (options.onProgress && done % 1000 === 0) options.onProgress(done, requests.length);
      statuses.push(String(answer.status));
      const example = () => ({
        index,
        request: describeFuzzRequest(request),
        status: answer.status,
        answer: answer.body.slice(0, 300),
      });
      if (answer.status === 'no answer') {
        keep(found.noAnswer, example());
        continue;
      }
      const verdict = judgeAnswer({ method: request.method, ...answer, status: answer.status });
      if (verdict === 'non4xx') keep(found.non4xx, example());
      else if (verdict === 'nonJsonError') keep(found.nonJsonErrors, example());
      else codes.push(`${answer.status} ${errorCodeOf(answer.body, request.method)}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return {
    seed: options.seed,
    requests: requests.length,
    durationMs: Date.now() - startedAt,
    byStatus: countValues(statuses),
    byRoute: countValues(requests.map((request) => request.route)),
    byAnswer: countValues(codes),
    unexpected,
    ...found,
  };
}

interface Answer {
  readonly status: number | 'no answer';
  readonly contentType: string | undefined;
  readonly body: string;
}

const MAX_ANSWER_BYTES = 64 * 1024;

function send(agent: Agent, target: URL, request: FuzzRequest, options: HttpFuzzOptions): Promise<Answer> {
  const wire = toWireRequest(request, options.tokens);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
    };
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: wire.method,
        path: wire.path,
        headers: wire.headers,
        agent,
        timeout: options.timeoutMs ?? 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () =>
          settle({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', (err) =>
          settle({ status: 'no answer', contentType: undefined, body: String(err) }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    // An error after the answer arrived (the server closed while we still wrote a huge body) is
    // not a failure of the service: the answer is what counts.
    outgoing.on('error', (err) => settle({ status: 'no answer', contentType: undefined, body: String(err) }));
    if (wire.body === undefined) {
      outgoing.end();
    } else if (wire.chunked) {
      for (let at = 0; at < wire.body.length; at += 64 * 1024)
        outgoing.write(wire.body.subarray(at, at + 64 * 1024));
      outgoing.end();
    } else {
      outgoing.end(wire.body);
    }
  });
}

function errorCodeOf(body: string, method: string): string {
  if (method === 'HEAD') return '(HEAD, no body)';
  try {
    return String((JSON.parse(body) as { code?: unknown }).code);
  } catch {
    return '(unreadable)';
  }
}

/** The counts as a small text table for the console and the run folder. */
export function formatFuzzCounts(counts: HttpFuzzCounts): string {
  const section = (title: string, values: Record<string, number>) => [
    `  ${title}`,
    ...Object.entries(values)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `    ${key.padEnd(34)} ${String(count).padStart(7)}`),
  ];
  const examples = (title: string, list: FuzzExample[]) =>
    list.length === 0
      ? []
      : [
          `  ${title} (first ${list.length})`,
          ...list.map((e) => `    #${e.index} -> ${e.status} ${e.answer.slice(0, 120)}\n       ${e.request}`),
        ];
  const seconds = counts.durationMs / 1000;
  return [
    `HTTP fuzz: ${counts.requests} requests, seed ${counts.seed}, ${seconds.toFixed(1)} s (${Math.round(counts.requests / Math.max(seconds, 0.001))}/s), unexpected ${counts.unexpected}`,
    ...section('by status', counts.byStatus),
    ...section('by route', counts.byRoute),
    ...section('by status and error code', counts.byAnswer),
    ...examples('not 4xx', counts.non4xx),
    ...examples('4xx without JSON {code, message}', counts.nonJsonErrors),
    ...examples('no answer', counts.noAnswer),
  ].join('\n');
}
