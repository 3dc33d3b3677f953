/**
 * The kill nemesis (Jepsen's): during the fault window, every few hundred ms (seeded) one process
 * of the pipeline, ingest or a worker, is SIGKILLed and comes back after a seeded pause. It needs
 * nothing from the services: no hook, no flag, just their processes.
 *
 *   load     |=============================================|
 *   window       |--------------------------|
 *   kills         x ingest   x worker-1   x ingest   x worker-2 ...   (each back after a pause)
 */
import type { ProcessKills } from '../catalog';
import { between, type NemesisContext, type NemesisRun, NOTHING_FIRED, sleep } from './nemesis';

export async function runProcessKills(context: NemesisContext, nemesis: ProcessKills): Promise<NemesisRun> {
  const { pipeline, progress, random, scenario } = context;
  for (let i = 0; i < nemesis.workers; i++) await pipeline.startWorker();
  await sleep(scenario.faultAfterMs);
  const from = Date.now();
  const until = from + scenario.faultForMs;
  let kills = 0;
  const restarts: Promise<unknown>[] = [];
  let ingestDown = false;
  while (Date.now() < until) {
    await sleep(between(random, nemesis.intervalMs));
    if (Date.now() >= until) break;
    const pause = between(random, nemesis.pauseMs);
    // One choice in (workers + 1): ingest, or one of the running workers.
    const pick = Math.floor(random() * (nemesis.workers + 1));
    if (pick === 0 && !ingestDown) {
      ingestDown = true;
      await pipeline.killIngest();
      kills++;
      restarts.push(
        sleep(pause)
          .then(() => pipeline.startIngest())
          .finally(() => {
            ingestDown = false;
          }),
      );
    } else if (pipeline.workers.length > 0) {
      const index = Math.floor(random() * pipeline.workers.length);
      if (await pipeline.killWorker(index)) {
        kills++;
        restarts.push(sleep(pause).then(() => pipeline.startWorker()));
      }
    }
  }
  await Promise.all(restarts);
  // The window closes with every process back: the recovery phase needs them all.
  while (pipeline.workers.length < nemesis.workers) await pipeline.startWorker();
  progress.say(`kill nemesis: ${kills} process(es) SIGKILLed and restarted`);
  return { ...NOTHING_FIRED, window: { from, to: Date.now() }, kills };
}
