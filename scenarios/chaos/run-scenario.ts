/**
 * One chaos scenario, in Jepsen's phases: load under the fault, heal, wait for recovery, final
 * reads, invariants, and the verdict that the fault happened at all. Each scenario opens its
 * system afresh (the reference services: a fresh embedded stack, so no run can hide another's
 * damage); the system's services reach AWS through fault proxies, the harness reaches it
 * directly. A scenario whose nemesis the system cannot take answers unknown with the reason.
 */
import { CHECKER_SUITES, checkAll, combineValidity } from '../../invariants';
import type { History, RunParameters } from '../../invariants/history';
import type { LiveHistory } from '../../invariants/history-writer';
import type { Checker, Validity, Verdict } from '../../invariants/verdict';
import type { AwsTarget } from '../../services/aws/aws-target';
import { type Random, type StartedFaultProxy, startFaultProxy } from '../../stack/embedded/fault-proxy';
import { collectFinalState, observeRequests } from '../runner/final-state';
import type { Progress } from '../runner/progress';
import { startQueueSampler } from '../runner/queue-sampler';
import { openRunHistory, runParameters } from '../runner/run-history';
import { fitCheckers, unknownVerdict } from '../runner/system-checkers';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import { NotDeclaredError } from '../system/external-system';
import type { SystemSource } from '../system/open-system';
import type { SystemUnderTest } from '../system/system-under-test';
import type { ChaosScenario, ProxiedService } from './catalog';
import { judgeExpectations } from './expectations';
import { type ChaosLoad, runChaosLoad } from './load';
import { missingCapability, nemesisFor } from './nemeses';

/**
 * The state invariants, with 202-after-QUEUED (I11), healthy outcomes (I12), attempt fencing
 * (I14) and orphan dead letters. Worker-off (I9) and the spike's HTTP budget (I10) belong to G0:
 * under faults 503s are expected.
 */
export const CHAOS_CHECKERS: readonly Checker[] = CHECKER_SUITES.chaos;

export const CHAOS_EVENT = 'EVT-CHAOS';

/**
 * The reference gets a fresh stack per scenario; a system of a file keeps its table between
 * scenarios and runs, so each scenario participates in an event of its own there.
 */
function chaosEventFor(source: SystemSource): string {
  return source.isReference ? CHAOS_EVENT : `${CHAOS_EVENT}-${Date.now().toString(36)}`;
}

const VISIBILITY_TIMEOUT_SECONDS = 5;

export interface ScenarioOutcome {
  readonly scenario: ChaosScenario;
  readonly history: History;
  readonly verdicts: Verdict[];
  readonly valid: Validity;
  readonly faultWindow: { from: number; to: number } | undefined;
  readonly proxyStats: Record<string, unknown>;
  /** Whether the recovery drained the queue; undefined for a scenario that was not run. */
  readonly drained: boolean | undefined;
  /** The steps that failed ('drain'): none for a scenario that was not run, which is unknown. */
  readonly failedSteps: readonly string[];
  readonly startedAt: number;
}

export async function runChaosScenario(args: {
  scenario: ChaosScenario;
  source: SystemSource;
  runDir: string;
  load: ChaosLoad;
  capacity: number;
  random: Random;
  progress: Progress;
  runTag: string;
  faultOff?: boolean;
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
  let system: SystemUnderTest;
  try {
    system = await args.source.open({
      runDir: args.runDir,
      reference: {
        resources: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS, maxReceiveCount: 3 },
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
      },
      ...(nemesis.kind === 'proxy'
        ? {
            serviceEndpoints: async (target: AwsTarget) => {
              const endpoints: { ingest?: AwsTarget['endpoints']; worker?: AwsTarget['endpoints'] } = {};
              for (const service of nemesis.services) {
                endpoints[service] = {
                  [nemesis.endpoint]: await proxyFor(target, nemesis.endpoint, service),
                };
              }
              return endpoints;
            },
          }
        : {}),
      onProgress: (message) => progress.say(message),
    });
  } catch (err) {
    await Promise.all([...proxies.values()].map((proxy) => proxy.stop()));
    if (err instanceof NotDeclaredError) return notRun(scenario, err.message, startedAt);
    throw err;
  }
  try {
    const missing = missingCapability(scenario, system);
    if (missing) return notRun(scenario, missing, startedAt);
    // history.ndjson in the scenario's folder as it goes (`make check RUN=...` re-judges the
    // invariants; the fault and recovery verdicts need the proxy counters, which no history holds).
    const parameters = runParameters(system, chaosEventFor(args.source), args.capacity);
    const live = await openRunHistory(args.runDir, { suite: 'chaos', runId: args.runTag, parameters });
    try {
      return await underFault(args, system, proxies, startedAt, { live, parameters });
    } finally {
      await live.abandon();
    }
  } finally {
    await system.stop();
    await Promise.all([...proxies.values()].map((proxy) => proxy.stop()));
  }
}

/** A scenario the system cannot take: one unknown verdict with the reason, and nothing judged. */
function notRun(scenario: ChaosScenario, reason: string, startedAt: number): ScenarioOutcome {
  const verdicts = [unknownVerdict('fault', `The fault (${scenario.description}) was injected`, reason)];
  return {
    scenario,
    history: {
      parameters: { eventId: CHAOS_EVENT, capacity: 0, maxReceiveCount: 0 },
      operations: [],
      observations: [],
      samples: [],
      phases: [],
      final: {
        requests: [],
        locks: [],
        capacities: [],
        statusLogs: [],
        deadLetters: [],
        mainQueueDepth: { visible: 0, notVisible: 0 },
      },
    },
    verdicts,
    valid: 'unknown',
    faultWindow: undefined,
    proxyStats: {},
    drained: undefined,
    failedSteps: [],
    startedAt,
  };
}

async function underFault(
  args: Parameters<typeof runChaosScenario>[0],
  system: SystemUnderTest,
  proxies: Map<string, StartedFaultProxy>,
  startedAt: number,
  recording: { live: LiveHistory; parameters: RunParameters },
): Promise<ScenarioOutcome> {
  const { scenario, progress } = args;
  const { clients, resources } = system;
  const { live, parameters } = recording;
  const { eventId } = parameters;
  await system.seedEvent(eventId, args.capacity);
  const sampler = startQueueSampler(
    {
      clients,
      tableName: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      eventId,
    },
    {
      intervalMs: 250,
      phase: () => progress.currentPhase,
      workerRunning: () => system.worker.running > 0,
      into: live.list('sample'),
    },
  );
  const operations = live.list('operation');

  let loadDone: () => void = () => {};
  const loadOver = new Promise<void>((resolve) => {
    loadDone = resolve;
  });
  const nemesis = nemesisFor(
    {
      scenario,
      system,
      proxies,
      random: args.random,
      progress,
      runTag: args.runTag,
      faultOff: args.faultOff === true,
      loadDone: loadOver,
    },
    eventId,
  );
  // Workers start first (seconds on a busy machine): the fault is timed from the load's start.
  await nemesis.prepare();
  progress.phase(
    `${scenario.name}:load`,
    `${args.load.users} users over ${args.load.seconds} s under the fault`,
  );
  const nemesisRun = nemesis.fire();
  const load = { ...args.load, retries: scenario.clientRetries ?? args.load.retries };
  await runChaosLoad(system, eventId, load, args.runTag, operations).finally(loadDone);
  const fired = await nemesisRun;
  operations.push(...(fired.operations ?? []));
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
  await system.worker.stop();
  const samples = await sampler.stop();
  const { final } = await collectFinalState(clients, resources);
  const history: History = {
    parameters,
    operations,
    observations,
    samples,
    phases: progress.phases.filter((phase) => phase.name.startsWith(`${scenario.name}:`)),
    poisonRequestIds: fired.poisonRequestIds,
    legitimateFailures: scenario.mayFail ?? [],
    final,
  };
  const proxyStats = Object.fromEntries([...proxies].map(([name, proxy]) => [name, { ...proxy.stats }]));
  const faultVerdict = judgeExpectations(
    scenario.expects,
    { proxy: proxyStats, crashReached: fired.crashReached, kills: fired.kills },
    history,
  );
  const verdicts = [
    faultVerdict,
    drainVerdict(finalAt !== undefined),
    ...checkAll(history, fitCheckers(CHAOS_CHECKERS, system.surfaces)).verdicts,
  ];
  // The rest of the history (final reads, phases) and the end line. No failedSteps there: the
  // recovery verdict above carries the drain, and `check` must re-judge what the run printed.
  await live.finish(history);
  progress.endPhase();
  const drained = finalAt !== undefined;
  return {
    scenario,
    history,
    verdicts,
    valid: combineValidity(verdicts),
    faultWindow: fired.window,
    proxyStats,
    drained,
    failedSteps: drained ? [] : ['drain'],
    startedAt,
  };
}

/** A recovery that never finished is a failed step: the run cannot pass on a partial drain. */
function drainVerdict(drained: boolean): Verdict {
  return {
    id: 'recovery',
    title: 'Recovery: after the fault healed, every request became final and the queue emptied',
    valid: drained,
    summary: drained
      ? 'every request final, main queue empty'
      : 'the drain timed out: requests were left unfinished',
    counts: {},
    counterexamples: [],
  };
}
