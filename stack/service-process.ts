/**
 * Runs ingest or worker as a real child process (`node --import tsx services/<name>/main.ts`), the
 * way an operator would, so that "worker off" means no worker process exists at all.
 */
import { join } from 'node:path';
import { answersHttp, type StartedChild, startChild } from './embedded/child-process';

export interface ServiceProcessOptions {
  readonly root: string;
  readonly nodeBinary: string;
  readonly env: Record<string, string>;
  readonly logFile: string;
}

export function startIngestProcess(options: ServiceProcessOptions & { port: number }): Promise<StartedChild> {
  return startChild({
    name: 'ingest',
    command: options.nodeBinary,
    args: ['--import', 'tsx', join(options.root, 'services/ingest/main.ts')],
    cwd: options.root,
    env: { ...process.env, ...options.env, PORT: String(options.port) },
    logFile: options.logFile,
    isHealthy: () => answersHttp(`http://127.0.0.1:${options.port}/healthz`),
    healthTimeoutMs: 30_000,
  });
}

/** The reference worker's entry; a harness may start another (a mutant) with the same wiring. */
export const WORKER_ENTRY = 'services/worker/main.ts';

export function startWorkerProcess(
  options: ServiceProcessOptions & { entry?: string },
): Promise<StartedChild> {
  let started = false;
  return startChild({
    name: 'worker',
    command: options.nodeBinary,
    args: ['--import', 'tsx', join(options.root, options.entry ?? WORKER_ENTRY)],
    cwd: options.root,
    env: { ...process.env, ...options.env },
    logFile: options.logFile,
    // The worker serves no HTTP; it is up once it has logged that it polls.
    isHealthy: async () => {
      if (!started) {
        const { readFile } = await import('node:fs/promises');
        started = (await readFile(options.logFile, 'utf8').catch(() => '')).includes('"worker_started"');
      }
      return started;
    },
    healthTimeoutMs: 30_000,
  });
}
