/**
 * The driver's one adapter to the network: the two calls of an iteration over an undici Pool
 * (keep-alive connections reused across iterations, one connection per VU at most, no
 * pipelining), each bounded by a per-request timeout. It measures each call from the moment it
 * is handed to the pool to the end of its body, on the monotonic clock.
 */
import { Pool } from 'undici';
import { classifyRequestError, type ErrorKind } from './error-kind';

export interface Answer {
  /** HTTP status; absent when no answer arrived. */
  readonly status?: number;
  readonly body?: unknown;
  readonly errorKind?: ErrorKind;
  /** Epoch ms (Date.now) when the request was handed to the connection pool. */
  readonly sentAt: number;
  /** Epoch ms (Date.now) when the answer, or the failure, was seen. */
  readonly answeredAt: number;
  /** Monotonic duration, sub-millisecond. */
  readonly durationMs: number;
  /** performance.now() when the answer was seen: open-model latency runs from the due time to here. */
  readonly answeredMonotonicMs: number;
}

export interface LoadTarget {
  login(userId: string): Promise<Answer>;
  participate(eventId: string, token: string): Promise<Answer>;
  close(): Promise<void>;
}

export interface HttpTargetOptions {
  readonly baseUrl: string;
  /** Connections kept open at most: the number of VUs, so no VU waits for another's socket. */
  readonly connections: number;
  readonly timeoutMs: number;
}

export function createHttpTarget(options: HttpTargetOptions): LoadTarget {
  const url = new URL(options.baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    // Longer than any pause between two iterations, shorter than ingest's own keep-alive.
    keepAliveTimeout: 30_000,
  });

  async function send(
    method: 'POST',
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await pool.request({
        method,
        path: prefix + path,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.body.text();
      const ended = performance.now();
      return {
        status: response.statusCode,
        body: parseJson(text),
        sentAt,
        answeredAt: Date.now(),
        durationMs: ended - started,
        answeredMonotonicMs: ended,
      };
    } catch (err) {
      const ended = performance.now();
      return {
        errorKind: classifyRequestError(err),
        sentAt,
        answeredAt: Date.now(),
        durationMs: ended - started,
        answeredMonotonicMs: ended,
      };
    }
  }

  return {
    login: (userId) =>
      send('POST', '/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ userId })),
    participate: (eventId, token) =>
      send('POST', `/events/${encodeURIComponent(eventId)}/participations`, {
        authorization: `Bearer ${token}`,
      }),
    close: () => pool.close(),
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
