/**
 * The driver's one adapter to the network: the two calls of an iteration, each bounded by a
 * per-request timeout and measured from the moment it is handed to its connection to the end of
 * its body, on the monotonic clock.
 *
 * An iteration takes a session: one undici Client (one keep-alive connection, no pipelining) of
 * its own, given back when it ends and reused by the next iteration, as a k6 VU keeps its
 * connection. So there are never more connections than iterations in flight (the VUs), and no
 * pool has to search for a free one on every request (measured: a 300-connection Pool spends
 * a good share of its CPU doing that).
 */
import { Client } from 'undici';
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

/** The two calls of an iteration, on one connection. */
export interface LoadSession {
  login(userId: string): Promise<Answer>;
  participate(eventId: string, token: string): Promise<Answer>;
  /** Gives the connection back for the next iteration. */
  release(): void;
}

export interface LoadTarget {
  session(): LoadSession;
  close(): Promise<void>;
}

export interface HttpTargetOptions {
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export function createHttpTarget(options: HttpTargetOptions): LoadTarget {
  const url = new URL(options.baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const all: Client[] = [];
  // Last in, first out: a closed-model VU tends to get its own warm connection back.
  const idle: Client[] = [];
  const open = () => {
    const client = new Client(url.origin, {
      pipelining: 1,
      connectTimeout: options.timeoutMs,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // Longer than any pause between two iterations, shorter than ingest's own keep-alive.
      keepAliveTimeout: 30_000,
    });
    all.push(client);
    return client;
  };

  async function send(
    client: Client,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const { status, text } = await exchange(client, prefix + path, headers, body);
      const ended = performance.now();
      return {
        status,
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
    session() {
      const client = idle.pop() ?? open();
      let released = false;
      return {
        login: (userId) =>
          send(client, '/auth/login', { 'content-type': 'application/json' }, JSON.stringify({ userId })),
        participate: (eventId, token) =>
          send(client, `/events/${encodeURIComponent(eventId)}/participations`, {
            authorization: `Bearer ${token}`,
          }),
        release() {
          if (released) return;
          released = true;
          idle.push(client);
        },
      };
    },
    close: async () => {
      await Promise.all(all.map((client) => client.close()));
    },
  };
}

/**
 * One POST through undici's dispatch API, the body gathered from its chunks. `client.request`
 * wraps every answer in a Readable stream; for answers of a few dozen bytes that stream was a
 * quarter of the driver's CPU (profiled against the bench's trivial endpoint).
 */
function exchange(
  client: Client,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    client.dispatch(
      { method: 'POST', path, headers, body: body ?? null },
      {
        // undici requires the method even when there is nothing to do at the start.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({
            status,
            text:
              chunks.length === 1
                ? (chunks[0] as Buffer).toString('utf8')
                : Buffer.concat(chunks).toString('utf8'),
          });
        },
        onResponseError(_controller, err) {
          reject(err);
        },
      },
    );
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
