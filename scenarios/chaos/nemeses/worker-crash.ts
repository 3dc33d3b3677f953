/**
 * A worker started with a crash point (the test wiring's crashing worker, never the production
 * entry) dies there; a healthy worker is started once it has. The crash counts as reached only
 * if the worker said so and died by SIGKILL: a worker that exits for another reason proves nothing.
 */
import { readFile } from 'node:fs/promises';
import type { StartedChild } from '../../../stack/embedded/child-process';
import type { WorkerCrash } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export const CRASHING_WORKER_ENTRY = 'scenarios/chaos/processes/crashing-worker-main.ts';
/** A crash point never reached (too little load) must not hang the run. */
const CRASH_WAIT_MS = 30_000;

export function workerCrash(context: NemesisContext, crash: WorkerCrash): Nemesis {
  const { pipeline, progress } = context;
  let doomed: StartedChild | undefined;
  let exit: Promise<NodeJS.Signals | null> = new Promise(() => {});
  return {
    prepare: async () => {
      doomed = await pipeline.startWorker(
        { CRASH_AT: crash.crashAt, CRASH_AFTER: String(crash.afterPasses) },
        CRASHING_WORKER_ENTRY,
      );
      const child = doomed;
      exit = new Promise((resolve) => child.process.once('exit', (_code, signal) => resolve(signal)));
    },
    fire: async () => {
      const from = Date.now();
      const signal = await Promise.race([
        exit,
        context.loadDone.then(() => sleep(CRASH_WAIT_MS)).then(() => 'timeout' as const),
      ]);
      if (signal === 'timeout' || !doomed) {
        progress.say(`the crash point ${crash.crashAt} was not reached ${crash.afterPasses} times`);
        return NOTHING_FIRED;
      }
      const log = await readFile(doomed.logFile, 'utf8').catch(() => '');
      const crashReached = signal === 'SIGKILL' && log.includes('worker_crashing_on_purpose');
      progress.say(
        `worker died (${signal ?? 'exit'}) at ${crash.crashAt}, pass ${crash.afterPasses}; starting a healthy one`,
      );
      const to = Date.now();
      await pipeline.startWorker();
      return { ...NOTHING_FIRED, window: { from, to }, crashReached };
    },
  };
}
