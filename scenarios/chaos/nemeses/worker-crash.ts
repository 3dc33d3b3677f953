/**
 * A worker started with a crash point (the test wiring's crashing worker, never the production
 * entry) dies there; a healthy worker is started once it has. The crash counts as reached only
 * if the worker said so and died by SIGKILL: a worker that exits for another reason proves nothing.
 */
import { readFile } from 'node:fs/promises';
import type { WorkerCrash } from '../catalog';
import { type NemesisContext, type NemesisRun, NOTHING_FIRED, sleep } from './nemesis';

export const CRASHING_WORKER_ENTRY = 'scenarios/chaos/processes/crashing-worker-main.ts';
/** A crash point never reached (too little load) must not hang the run. */
const CRASH_WAIT_MS = 30_000;

export async function runWorkerCrash(context: NemesisContext, nemesis: WorkerCrash): Promise<NemesisRun> {
  const { pipeline, progress } = context;
  const doomed = await pipeline.startWorker(
    { CRASH_AT: nemesis.crashAt, CRASH_AFTER: String(nemesis.afterPasses) },
    CRASHING_WORKER_ENTRY,
  );
  const from = Date.now();
  const exit = new Promise<NodeJS.Signals | null>((resolve) =>
    doomed.process.once('exit', (_code, signal) => resolve(signal)),
  );
  const signal = await Promise.race([
    exit,
    context.loadDone.then(() => sleep(CRASH_WAIT_MS)).then(() => 'timeout' as const),
  ]);
  if (signal === 'timeout') {
    progress.say(`the crash point ${nemesis.crashAt} was not reached ${nemesis.afterPasses} times`);
    return NOTHING_FIRED;
  }
  const log = await readFile(doomed.logFile, 'utf8').catch(() => '');
  const crashReached = signal === 'SIGKILL' && log.includes('worker_crashing_on_purpose');
  progress.say(
    `worker died (${signal ?? 'exit'}) at ${nemesis.crashAt}, pass ${nemesis.afterPasses}; starting a healthy one`,
  );
  const to = Date.now();
  await pipeline.startWorker();
  return { ...NOTHING_FIRED, window: { from, to }, crashReached };
}
