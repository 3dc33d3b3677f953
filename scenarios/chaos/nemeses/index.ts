/** The nemesis of a scenario, whichever kind it is. */
import { type Nemesis, type NemesisContext, NOTHING_FIRED } from './nemesis';
import { poison } from './poison';
import { processKills } from './process-kills';
import { proxyFault } from './proxy-fault';
import { workerCrash } from './worker-crash';

export type { Nemesis, NemesisContext, NemesisRun } from './nemesis';

export function nemesisFor(context: NemesisContext, eventId: string): Nemesis {
  const nemesis = context.scenario.nemesis;
  if (context.faultOff) return workersOnly(context);
  switch (nemesis.kind) {
    case 'proxy':
      return proxyFault(context, nemesis);
    case 'worker-crash':
      return workerCrash(context, nemesis);
    case 'poison':
      return poison(context, nemesis, eventId);
    case 'kill':
      return processKills(context, nemesis);
  }
}

/** FAULT=off: the workers the scenario would have, and no fault at all. */
function workersOnly(context: NemesisContext): Nemesis {
  const workers = context.scenario.nemesis.kind === 'kill' ? context.scenario.nemesis.workers : 1;
  return {
    prepare: async () => {
      for (let i = 0; i < workers; i++) await context.pipeline.startWorker();
    },
    fire: async () => {
      context.progress.say('FAULT=off: the nemesis injects nothing');
      return NOTHING_FIRED;
    },
  };
}
