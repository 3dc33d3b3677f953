/**
 * Runs the shares of a phase on worker threads, one event loop each, and feeds their records to
 * the main thread's sinks as the batches arrive. With the system's token source (a function,
 * which cannot cross threads) a worker asks the main thread for each user's token. All threads start at one epoch instant, taken
 * once every thread is loaded and ready, so a slow thread start-up does not shorten its share.
 * Interrupted (SIGINT, SIGTERM), the run first takes every thread's batch so far, so that the
 * partial history holds what the threads recorded, not only what they had sent.
 */
import { Worker } from 'node:worker_threads';
import { onInterrupt } from '../runner/run-main';
import type { TokenSource } from '../system/token-source';
import type { LoadRecord } from './load-record';
import {
  DEFAULT_RECORD_BATCH,
  type MainMessage,
  type RecordBatch,
  type WorkerInput,
  type WorkerMessage,
} from './load-worker';
import type { ShareContext } from './run-share';
import type { Share } from './share';

export interface WorkerSink {
  add(record: LoadRecord): void;
  /** The thread's own counts so far, with each batch. */
  setCounts(active: number, dropped: number): void;
}

/** Time between "all ready" and the common start: enough for the start message to reach all. */
const START_LEAD_MS = 20;
/** How long an interrupt waits for a thread's batch: a thread stuck in a loop must not hold the exit. */
const FLUSH_WAIT_MS = 1_000;

export async function runShareInWorkers(
  shares: readonly { readonly share: Share; readonly sink: WorkerSink }[],
  common: {
    baseUrl: string;
    timeoutMs: number;
    context: Omit<ShareContext, 'startEpochMs'>;
    tokenFor?: TokenSource;
    batch?: RecordBatch;
  },
  onStart: (startEpochMs: number) => void = () => {},
): Promise<{ dropped: number }[]> {
  const workers = shares.map(
    ({ share }) =>
      new Worker(new URL('./load-worker.ts', import.meta.url), {
        workerData: {
          share,
          baseUrl: common.baseUrl,
          timeoutMs: common.timeoutMs,
          context: common.context,
          tokensFromMain: common.tokenFor !== undefined,
          batch: common.batch ?? DEFAULT_RECORD_BATCH,
        } satisfies WorkerInput,
        execArgv: workerExecArgv(),
      }),
  );
  let ready = 0;
  // Each thread's answer to an interrupt's flush: its batch has been added when `flushed` comes.
  const flushed = workers.map(() => () => {});
  const stopCollecting = onInterrupt(
    () =>
      Promise.all(
        workers.map(
          (worker, i) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, FLUSH_WAIT_MS);
              flushed[i] = () => {
                clearTimeout(timer);
                resolve();
              };
              worker.postMessage({ kind: 'flush' } satisfies MainMessage);
            }),
        ),
      ).then(() => {}),
    'collect',
  );
  try {
    return await Promise.all(
      workers.map(
        (worker, i) =>
          new Promise<{ dropped: number }>((resolve, reject) => {
            const sink = (shares[i] as (typeof shares)[number]).sink;
            worker.on('message', (message: WorkerMessage) => {
              if (message.kind === 'ready') {
                ready++;
                if (ready === workers.length) {
                  const startEpochMs = Date.now() + START_LEAD_MS;
                  onStart(startEpochMs);
                  for (const w of workers)
                    w.postMessage({ kind: 'start', startEpochMs } satisfies MainMessage);
                }
              } else if (message.kind === 'token') {
                const reply = (answer: MainMessage) => worker.postMessage(answer);
                const { id, userId } = message;
                (common.tokenFor as TokenSource)(userId).then(
                  (token) => reply({ kind: 'token', id, token }),
                  () => reply({ kind: 'token', id }),
                );
              } else if (message.kind === 'records') {
                for (const record of message.records) sink.add(record);
                sink.setCounts(message.active, message.dropped);
              } else if (message.kind === 'flushed') {
                flushed[i]?.();
              } else if (message.kind === 'done') {
                sink.setCounts(0, message.dropped);
                resolve({ dropped: message.dropped });
              } else {
                reject(new Error(`load worker ${i} failed: ${message.message}`));
              }
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`load worker ${i} exited with code ${code}`));
            });
          }),
      ),
    );
  } finally {
    stopCollecting();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/**
 * The worker's module is TypeScript: under tsx (every npm script) the loader flags are in
 * execArgv already; elsewhere (vitest) tsx's loader is added for the worker.
 */
/**
 * The parent's flags, with tsx, for the worker's loader. V8 heap flags are process-wide and a
 * Worker refuses them (a test runner may start us with --max-old-space-size).
 */
function workerExecArgv(): string[] {
  const argv = process.execArgv.filter((arg) => !/^--(max-old-space-size|max-semi-space-size)/.test(arg));
  return argv.some((arg) => arg.includes('tsx')) ? argv : [...argv, '--import', 'tsx'];
}
