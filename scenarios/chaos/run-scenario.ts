/**
 * One chaos scenario, in Jepsen's phases: load under the fault, heal, wait for recovery, final
 * reads, invariants. Each scenario gets a fresh embedded stack, so no run can hide another's
 * damage; the services reach the emulators through fault proxies, the harness reaches them directly.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CORE_CHECKERS, checkAll } from '../../invariants';
import type { History } from '../../invariants/history';
import type { Validity, Verdict } from '../../invariants/verdict';
import type { AwsTarget } from '../../services/aws/aws-target';
import { type Random, type StartedFaultProxy, startFaultProxy } from '../../stack/embedded/fault-proxy';
import { type StartedPipeline, startPipeline } from '../../stack/pipeline';
import { injectPoisonRequests } from '../g1/poison';
import { collectFinalState, observeRequests } from '../runner/final-state';
import type { Progress } from '../runner/progress';
import { startQueueSampler } from '../runner/queue-sampler';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import type { ChaosScenario, ProxiedService } from './catalog';
import { type ChaosLoad, runChaosLoad } from './load';

/** Worker-off (I9) and the spike's HTTP budget (I10) belong to G0; under faults 503s are expected. */
export const CHAOS_CHECKERS = CORE_CHECKERS;

export const CHAOS_EVENT = 'EVT-CHAOS';
const VISIBILITY_TIMEOUT_SECONDS = 5;

export interface ScenarioOutcome {
  readonly scenario: ChaosScenario;
  readonly history: History;
  readonly verdicts: Verdict[];
  readonly valid: Validity;
  readonly faultWindow: { from: number; to: number } | undefined;
  readonly proxyStats: Record<string, unknown>;
  readonly drained: boolean;
  readonly startedAt: number;
}

export async function runChaosScenario(args: {
  scenario: ChaosScenario;
  root: string;
  runDir: string;
  load: ChaosLoad;
  capacity: number;
  random: Random;
  progress: Progress;
  runTag: string;
}): Promise<ScenarioOutcome> {
  const { scenario, progress } = args;
  const nemesis = scenario.nemesis;
  const proxies = new Map<string, StartedFaultProxy>();
  const proxyFor = async (target: AwsTarget, endpoint: ProxiedService, service: string) => {
    const url = target.endpoints[endpoint];
    if (!url) throw new Error(`chaos: the stack has no ${endpoint} endpoint to put a proxy in front of`);
    const proxy = await startFaultProxy({ target: url, random: args.random });
    proxies.set(`${service}->${endpoint}`, proxy);
    return proxy.url;
  };
  const startedAt = Date.now();
  progress.phase(`${scenario.name}:setup`, scenario.description);
  const pipeline = await startPipeline({
    root: args.root,
    runDir: args.runDir,
    nodeBinary: process.execPath,
    resources: {
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: 3,
      fixtures: [{ eventId: CHAOS_EVENT, capacity: args.capacity }],
    },
    ingestEnv: {
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: '1000',
      SWEEP_MIN_AGE_MS: '3000',
      HEAL_AFTER_MS: '500',
    },
    workerEnv: {
      LOG_LEVEL: 'info',
      ANALYTICS: nemesis.kind === 'proxy' && nemesis.endpoint === 'eventbridge' ? 'on' : 'off',
    },
    serviceEndpoints: async (target) => {
      if (nemesis.kind !== 'proxy') return {};
      const endpoints: { ingest?: AwsTarget['endpoints']; worker?: AwsTarget['endpoints'] } = {};
      for (const service of nemesis.services) {
        endpoints[service] = { [nemesis.endpoint]: await proxyFor(target, nemesis.endpoint, service) };
      }
      return endpoints;
    },
    onProgress: (message) => progress.say(message),
  });
  try {
    return await underFault(args, pipeline, proxies, startedAt);
  } finally {
    await pipeline.stop();
    await Promise.all([...proxies.values()].map((proxy) => proxy.stop()));
  }
}

async function underFault(
  args: Parameters<typeof runChaosScenario>[0],
  pipeline: StartedPipeline,
  proxies: Map<string, StartedFaultProxy>,
  startedAt: number,
): Promise<ScenarioOutcome> {
  const { scenario, progress } = args;
  const nemesis = scenario.nemesis;
  const { clients, resources } = pipeline;
  const sampler = startQueueSampler(
    {
      clients,
      tableName: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      eventId: CHAOS_EVENT,
    },
    { intervalMs: 250, phase: () => progress.currentPhase, workerRunning: () => pipeline.workers.length > 0 },
  );

  progress.phase(
    `${scenario.name}:load`,
    `${args.load.users} users over ${args.load.seconds} s under the fault`,
  );
  let faultWindow: { from: number; to: number } | undefined;
  let poisonRequestIds: string[] = [];
  let restarted: Promise<unknown> = Promise.resolve();
  if (nemesis.kind === 'worker-crash') {
    const doomed = await pipeline.startWorker({
      CRASH_AT: nemesis.crashAt,
      CRASH_AFTER: String(nemesis.afterPasses),
    });
    const from = Date.now();
    restarted = new Promise<void>((resolve) => doomed.process.once('exit', () => resolve())).then(
      async () => {
        faultWindow = { from, to: Date.now() };
        progress.say(
          `worker killed at ${nemesis.crashAt} (pass ${nemesis.afterPasses}); restarting a healthy one`,
        );
        await pipeline.startWorker();
      },
    );
  } else {
    await pipeline.startWorker();
  }
  const nemesisDone = (async () => {
    await sleep(scenario.faultAfterMs);
    const from = Date.now();
    if (nemesis.kind === 'proxy') {
      for (const proxy of proxies.values()) proxy.setFault(nemesis.fault);
      progress.say(`fault on: ${JSON.stringify(nemesis.fault)} for ${scenario.faultForMs} ms`);
      await sleep(scenario.faultForMs);
      for (const proxy of proxies.values()) proxy.setFault(undefined);
      progress.say('fault healed');
      faultWindow = { from, to: Date.now() };
    } else if (nemesis.kind === 'poison') {
      poisonRequestIds = await injectPoisonRequests(pipeline, CHAOS_EVENT, nemesis.count - 2, args.runTag);
      const send = (body: string) =>
        clients.sqs.send(new SendMessageCommand({ QueueUrl: resources.mainQueueUrl, MessageBody: body }));
      await send('{not json');
      await send(
        JSON.stringify({
          schemaVersion: 1,
          requestId: crypto.randomUUID(),
          eventId: CHAOS_EVENT,
          userId: 'ghost',
          eventType: 'FIRST_COME',
          requestedAt: Date.now(),
        }),
      );
      faultWindow = { from, to: Date.now() };
      progress.say(
        `poison: ${poisonRequestIds.length} wrong-schema message(s) for real requests, 1 bad JSON, 1 unknown requestId`,
      );
    }
  })();
  const operations = await runChaosLoad(pipeline.ingestUrl, CHAOS_EVENT, args.load, args.runTag);
  await nemesisDone;
  // A crash point that is never reached (too little load) must not hang the run.
  await Promise.race([restarted, sleep(30_000)]);
  if (nemesis.kind === 'worker-crash' && faultWindow === undefined) {
    progress.say(`the crash point ${nemesis.crashAt} was not reached ${nemesis.afterPasses} times`);
  }
  const observations = await observeRequests(clients, resources.tableName);

  progress.phase(`${scenario.name}:recover`, 'fault healed; until every request is final');
  const { finalAt } = await waitUntilAllFinal({
    clients,
    tableName: resources.tableName,
    mainQueueUrl: resources.mainQueueUrl,
    timeoutMs: 120_000,
    say: progress.say,
  });
  progress.phase(`${scenario.name}:final`, 'final reads and invariants');
  await pipeline.stopWorkers();
  const samples = await sampler.stop();
  const { final } = await collectFinalState(clients, resources);
  const history: History = {
    parameters: { eventId: CHAOS_EVENT, capacity: args.capacity, maxReceiveCount: resources.maxReceiveCount },
    operations,
    observations,
    samples,
    phases: progress.phases.filter((phase) => phase.name.startsWith(`${scenario.name}:`)),
    poisonRequestIds,
    final,
  };
  const { verdicts, valid } = checkAll(history, CHAOS_CHECKERS);
  progress.endPhase();
  return {
    scenario,
    history,
    verdicts,
    valid,
    faultWindow,
    proxyStats: Object.fromEntries([...proxies].map(([name, proxy]) => [name, { ...proxy.stats }])),
    drained: finalAt !== undefined,
    startedAt,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
