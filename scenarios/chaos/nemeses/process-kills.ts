/**
 * The kill nemesis (Jepsen's): during the fault window, every few hundred ms (seeded) one live
 * process of the pipeline, ingest or a worker, is SIGKILLed and comes back after a seeded pause.
 * It needs nothing from the services: no hook, no flag, just their processes.
 *
 *   load     |=============================================|
 *   window       |--------------------------|
 *   kills         x ingest   x worker-1   x ingest   x worker-2 ...   (each back after a pause)
 */
import type { ProcessKills } from '../catalog';
import { between, type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export function processKills(context: NemesisContext, kills: ProcessKills): Nemesis {
  const { pipeline, progress, random, scenario } = context;
  return {
    prepare: async () => {
      for (let i = 0; i < kills.workers; i++) await pipeline.startWorker();
    },
    fire: async () => {
      await sleep(scenario.faultAfterMs);
      const from = Date.now();
      const until = from + scenario.faultForMs;
      let killed = 0;
      let ingestUp = true;
      const restarts: Promise<unknown>[] = [];
      while (Date.now() < until) {
        await sleep(between(random, kills.intervalMs));
        if (Date.now() >= until) break;
        const pause = between(random, kills.pauseMs);
        // Only live processes are candidates: slot 0 is ingest, the others the running workers.
        const slots = (ingestUp ? 1 : 0) + pipeline.workers.length;
        if (slots === 0) continue;
        const pick = Math.floor(random() * slots);
        if (ingestUp && pick === 0) {
          ingestUp = false;
          await pipeline.killIngest();
          restarts.push(
            sleep(pause)
              .then(() => pipeline.startIngest())
              .finally(() => {
                ingestUp = true;
              }),
          );
        } else {
          await pipeline.killWorker(pick - (ingestUp ? 1 : 0));
          restarts.push(sleep(pause).then(() => pipeline.startWorker()));
        }
        killed++;
      }
      await Promise.all(restarts);
      // The window closes with every process back: the recovery phase needs them all.
      while (pipeline.workers.length < kills.workers) await pipeline.startWorker();
      progress.say(`kill nemesis: ${killed} process(es) SIGKILLed and restarted`);
      return { ...NOTHING_FIRED, window: { from, to: Date.now() }, kills: killed };
    },
  };
}
