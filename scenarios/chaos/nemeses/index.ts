/** The nemesis of a scenario, whichever kind it is. */
import type { SystemUnderTest } from '../../system/system-under-test';
import type { ChaosScenario } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED } from './nemesis';
import { poison } from './poison';
import { processKills } from './process-kills';
import { proxyFault } from './proxy-fault';
import { workerCrash } from './worker-crash';

export type { Nemesis, NemesisContext, NemesisRun } from './nemesis';

/**
 * What the scenario's nemesis needs that the system lacks, in the words of the report; undefined
 * when it can run. (Proxies are checked when the system is opened: see external-system.ts.)
 */
export function missingCapability(scenario: ChaosScenario, system: SystemUnderTest): string | undefined {
  const nemesis = scenario.nemesis;
  switch (nemesis.kind) {
    case 'proxy':
      return undefined;
    case 'worker-crash':
      return system.worker.startCrashing
        ? undefined
        : "a crash at a checkpoint needs a worker with the reference's checkpoint seam";
    case 'poison':
      return undefined;
    case 'kill':
      return !system.ingest
        ? 'the system file gives no ingest start and kill commands'
        : !system.worker.killOne && !system.worker.kill
          ? 'the system file gives no worker kill command'
          : undefined;
  }
}

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
      for (let i = 0; i < workers; i++) await context.system.worker.start();
    },
    fire: async () => {
      context.progress.say('FAULT=off: the nemesis injects nothing');
      return NOTHING_FIRED;
    },
  };
}
