/** A proxy fault: switched on after faultAfterMs for faultForMs, on every proxy of the scenario. */
import type { ProxyFault } from '../catalog';
import { type NemesisContext, type NemesisRun, NOTHING_FIRED, sleep } from './nemesis';

export async function runProxyFault(context: NemesisContext, nemesis: ProxyFault): Promise<NemesisRun> {
  const { scenario, proxies, progress } = context;
  await context.pipeline.startWorker();
  await sleep(scenario.faultAfterMs);
  const from = Date.now();
  for (const proxy of proxies.values()) proxy.setFault(nemesis.fault);
  progress.say(`fault on: ${JSON.stringify(nemesis.fault)} for ${scenario.faultForMs} ms`);
  await sleep(scenario.faultForMs);
  for (const proxy of proxies.values()) proxy.setFault(undefined);
  progress.say('fault healed');
  return { ...NOTHING_FIRED, window: { from, to: Date.now() } };
}
