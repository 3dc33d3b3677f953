/**
 * A worker started with a crash point (the system's `startCrashing` capability: the reference's
 * test wiring, never its production entry) dies there; a healthy worker is started once it has.
 * The crash counts as reached only if the worker said so and died by SIGKILL: a worker that
 * exits for another reason proves nothing.
 */
import type { CrashingWorker } from '../../system/system-under-test';
import type { WorkerCrash } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

/** A crash point never reached (too little load) must not hang the run. */
const CRASH_WAIT_MS = 30_000;

export function workerCrash(context: NemesisContext, crash: WorkerCrash): Nemesis {
  const { system, progress } = context;
  let doomed: CrashingWorker | undefined;
  return {
    prepare: async () => {
      const startCrashing = system.worker.startCrashing;
      if (!startCrashing)
        throw new Error('worker-crash: the system cannot start a worker with a crash point');
      doomed = await startCrashing(crash.crashAt, crash.afterPasses);
    },
    fire: async () => {
      const from = Date.now();
      const signal = await Promise.race([
        doomed?.exited ?? new Promise<never>(() => {}),
        context.loadDone.then(() => sleep(CRASH_WAIT_MS)).then(() => 'timeout' as const),
      ]);
      if (signal === 'timeout' || !doomed) {
        progress.say(`the crash point ${crash.crashAt} was not reached ${crash.afterPasses} times`);
        return NOTHING_FIRED;
      }
      const crashReached = signal === 'SIGKILL' && (await doomed.reachedCrashPoint());
      progress.say(
        `worker died (${signal ?? 'exit'}) at ${crash.crashAt}, pass ${crash.afterPasses}; starting a healthy one`,
      );
      const to = Date.now();
      await system.worker.start();
      return { ...NOTHING_FIRED, window: { from, to }, crashReached };
    },
  };
}
