/**
 * The kill nemesis (Jepsen's): during the fault window, every few hundred ms (seeded) one live
 * process of the system, ingest or a worker, is SIGKILLed and comes back after a seeded pause.
 * It needs nothing from the services but their control (ingest kill and start, a worker kill):
 * no hook, no flag. A system that can kill its workers only all at once loses them all.
 *
 *   load     |=============================================|
 *   window       |--------------------------|
 *   kills         x ingest   x worker-1   x ingest   x worker-2 ...   (each back after a pause)
 */
import type { ProcessKills } from '../catalog';
import { between, type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export function processKills(context: NemesisContext, kills: ProcessKills): Nemesis {
  const { system, progress, random, scenario } = context;
  const ingest = system.ingest;
  const killWorker = async (index: number) => {
    if (system.worker.killOne) await system.worker.killOne(index);
    else await system.worker.kill?.();
  };
  return {
    prepare: async () => {
      for (let i = 0; i < kills.workers; i++) await system.worker.start();
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
        const slots = (ingestUp && ingest ? 1 : 0) + system.worker.running;
        if (slots === 0) continue;
        const pick = Math.floor(random() * slots);
        if (ingest && ingestUp && pick === 0) {
          ingestUp = false;
          await ingest.kill();
          restarts.push(
            sleep(pause)
              .then(() => ingest.start())
              .finally(() => {
                ingestUp = true;
              }),
          );
        } else {
          await killWorker(pick - (ingestUp && ingest ? 1 : 0));
          restarts.push(sleep(pause).then(() => system.worker.start()));
        }
        killed++;
      }
      await Promise.all(restarts);
      // The window closes with every process back: the recovery phase needs them all.
      while (system.worker.running < kills.workers) await system.worker.start();
      progress.say(`kill nemesis: ${killed} process(es) SIGKILLed and restarted`);
      return { ...NOTHING_FIRED, window: { from, to: Date.now() }, kills: killed };
    },
  };
}
