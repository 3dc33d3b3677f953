/** A proxy fault: switched on after faultAfterMs for faultForMs, on every proxy of the scenario. */
import type { ProxyFault } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export function proxyFault(context: NemesisContext, fault: ProxyFault): Nemesis {
  const { scenario, proxies, progress } = context;
  return {
    prepare: async () => {
      await context.system.worker.start();
    },
    fire: async () => {
      await sleep(scenario.faultAfterMs);
      const from = Date.now();
      for (const proxy of proxies.values()) proxy.setFault(fault.fault);
      progress.say(`fault on: ${JSON.stringify(fault.fault)} for ${scenario.faultForMs} ms`);
      await sleep(scenario.faultForMs);
      for (const proxy of proxies.values()) proxy.setFault(undefined);
      progress.say('fault healed');
      return { ...NOTHING_FIRED, window: { from, to: Date.now() } };
    },
  };
}
