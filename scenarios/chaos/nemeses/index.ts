/** Runs a scenario's nemesis, whichever kind it is. */
import { type NemesisContext, type NemesisRun, NOTHING_FIRED } from './nemesis';
import { runPoison } from './poison';
import { runProcessKills } from './process-kills';
import { runProxyFault } from './proxy-fault';
import { runWorkerCrash } from './worker-crash';

export type { NemesisContext, NemesisRun } from './nemesis';

async function startWorkersOnly(context: NemesisContext): Promise<NemesisRun> {
  const workers = context.scenario.nemesis.kind === 'kill' ? context.scenario.nemesis.workers : 1;
  for (let i = 0; i < workers; i++) await context.pipeline.startWorker();
  context.progress.say('FAULT=off: the nemesis injects nothing');
  return NOTHING_FIRED;
}

export function runNemesis(context: NemesisContext, eventId: string): Promise<NemesisRun> {
  const nemesis = context.scenario.nemesis;
  if (context.faultOff) return startWorkersOnly(context);
  switch (nemesis.kind) {
    case 'proxy':
      return runProxyFault(context, nemesis);
    case 'worker-crash':
      return runWorkerCrash(context, nemesis);
    case 'poison':
      return runPoison(context, nemesis, eventId);
    case 'kill':
      return runProcessKills(context, nemesis);
  }
}
