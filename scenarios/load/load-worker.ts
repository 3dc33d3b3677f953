/**
 * A worker thread of the load driver: one event loop driving one share of a phase. It sends its
 * records to the main thread in small batches (every 50 ms, or 200 records, by default), so the
 * main thread keeps writing the run's records as they happen and can print live progress; an
 * interrupted run asks for the batch at once (`flush`), so that it too reaches the history.
 *
 *   main                     worker
 *   new Worker(share) ---->  target ready
 *              <----------  { ready }
 *   { start } ------------>  runShare ... { records, active } every 50 ms
 *              <----------  { token, userId }   (only with the system's token source)
 *   { token } ------------>
 *   { flush } ------------>                     (an interrupt: the batch so far, then flushed)
 *              <----------  { records } { flushed }
 *              <----------  { done, dropped }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHttpTarget } from './http-target';
import type { LoadRecord } from './load-record';
import { runShare, type ShareContext } from './run-share';
import type { Share } from './share';
import { fromTokenSource, sessionLogin } from './token-provider';

export interface WorkerInput {
  readonly share: Share;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly context: Omit<ShareContext, 'startEpochMs'>;
  /** Tokens come from the main thread's token source (the system's), not the driver's login. */
  readonly tokensFromMain: boolean;
  readonly batch: RecordBatch;
}

/** How long, and for how many records, a thread holds its records before it sends them. */
export interface RecordBatch {
  readonly ms: number;
  readonly records: number;
}

/**
 * Small enough for live progress and a live history, large enough that posting is not what the
 * thread spends its time on.
 */
export const DEFAULT_RECORD_BATCH: RecordBatch = { ms: 50, records: 200 };

/**
 * From the main thread: the common start, the answer to a token request (no token: failed), or
 * an interrupted run's call for the records so far.
 */
export type MainMessage =
  | { readonly kind: 'start'; readonly startEpochMs: number }
  | { readonly kind: 'flush' }
  | { readonly kind: 'token'; readonly id: number; readonly token?: string };

export type WorkerMessage =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'records';
      readonly records: LoadRecord[];
      readonly active: number;
      /** Arrivals this thread dropped so far. */
      readonly dropped: number;
    }
  | { readonly kind: 'token'; readonly id: number; readonly userId: string }
  | { readonly kind: 'flushed' }
  | { readonly kind: 'done'; readonly dropped: number }
  | { readonly kind: 'failed'; readonly message: string };

async function main(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const target = createHttpTarget({ baseUrl: input.baseUrl, timeoutMs: input.timeoutMs });
  let batch: LoadRecord[] = [];
  let active = 0;
  let dropped = 0;
  const flush = () => {
    if (batch.length === 0) return;
    port.postMessage({ kind: 'records', records: batch, active, dropped } satisfies WorkerMessage);
    batch = [];
  };
  const timer = setInterval(flush, input.batch.ms);
  const waiting = new Map<number, (token: string | undefined) => void>();
  let nextId = 0;
  const askMain = (userId: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (token) =>
        token === undefined ? reject(new Error(`no token for ${userId}`)) : resolve(token),
      );
      port.postMessage({ kind: 'token', id, userId } satisfies WorkerMessage);
    });
  const start = await new Promise<number>((resolve) => {
    port.on('message', (message: MainMessage) => {
      if (message.kind === 'start') return resolve(message.startEpochMs);
      if (message.kind === 'flush') {
        flush();
        port.postMessage({ kind: 'flushed' } satisfies WorkerMessage);
        return;
      }
      waiting.get(message.id)?.(message.token);
      waiting.delete(message.id);
    });
    port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
  });
  try {
    const result = await runShare(
      input.share,
      target,
      input.tokensFromMain ? fromTokenSource(askMain) : sessionLogin,
      { ...input.context, startEpochMs: start },
      {
        add(record) {
          batch.push(record);
          if (batch.length >= input.batch.records) flush();
        },
        active(delta) {
          active += delta;
        },
        dropped() {
          dropped++;
        },
      },
    );
    flush();
    port.postMessage({ kind: 'done', dropped: result.dropped } satisfies WorkerMessage);
  } finally {
    clearInterval(timer);
    await target.close();
  }
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as WorkerInput).catch((err: unknown) => {
    port.postMessage({
      kind: 'failed',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    } satisfies WorkerMessage);
  });
}
