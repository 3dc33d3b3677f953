/**
 * Conformance mode: the G0 runbook's CI shape, a worker kill and the identity probe against a
 * system the harness did not write, through its public surfaces only (spec section 7).
 *
 *   setup     events seeded (the capacity items), worker off, main queue empty (asserted)
 *   claims    the identity probe's participations, on an event of its own
 *   spike     USERS users participate (retrying on 5xx / no answer), some twice; depth sampled
 *   drain     WORKERS workers start; once the first request is final every worker is killed
 *             (SIGKILL semantics) and started again, where the system allows it
 *   final     the probe's reads, workers stopped, table and DLQ read, every check judged
 *
 * A step that did not happen is a verdict of its own: depth that never rose, a drain that timed
 * out, a kill the system cannot take. Nothing passes on a step that did not happen.
 */
import type { History, ParticipateOperation, Verdict } from '../../invariants';
import { checkAll, combineValidity } from '../../invariants';
import type { LiveHistory } from '../../invariants/history-writer';
import { type ClaimsSent, readIdentityProbes, sendIdentityClaims } from '../runner/access-probe';
import { collectFinalState, observeRequests } from '../runner/final-state';
import { pollUntil } from '../runner/poll-until';
import type { Progress } from '../runner/progress';
import { readQueueDepth, startQueueSampler } from '../runner/queue-sampler';
import { runParameters } from '../runner/run-history';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import { requestIdOf } from '../system/answer-shape';
import { participateThrough } from '../system/participate-client';
import type { SystemUnderTest } from '../system/system-under-test';
import { conformanceCheckers } from './conformance-checkers';

export interface ConformanceOptions {
  readonly users: number;
  readonly capacity: number;
  readonly workers: number;
  readonly drainTimeoutSeconds: number;
  readonly runTag: string;
  /** The run's history written as it goes: operations and samples are collected into its lists. */
  readonly history?: LiveHistory;
}

export interface ConformanceOutcome {
  readonly history: History;
  readonly verdicts: Verdict[];
  readonly valid: ReturnType<typeof combineValidity>;
}

const CLIENTS = 16;
const RETRIES = 2;

export async function runConformance(
  system: SystemUnderTest,
  options: ConformanceOptions,
  progress: Progress,
): Promise<ConformanceOutcome> {
  const eventId = conformanceEventId(options.runTag);
  const probeEventId = `EVT-CONF-PROBE-${options.runTag}`.slice(0, 64);
  progress.phase('setup', `${system.name}: events seeded, worker off`);
  await system.seedEvent(eventId, options.capacity);
  await system.seedEvent(probeEventId, 10);
  const depth = await readQueueDepth(system.clients, system.resources.mainQueueUrl);
  if (system.worker.running > 0 || depth.visible + depth.notVisible + depth.delayed > 0) {
    throw new Error(
      "conformance: the worker must be off and the main queue empty before the spike; stop the system's workers and purge the queue",
    );
  }
  let workerRunning = false;
  const sampler = startQueueSampler(
    { clients: system.clients, ...system.resources, eventId },
    {
      intervalMs: 250,
      phase: () => progress.currentPhase,
      workerRunning: () => workerRunning,
      ...(options.history === undefined ? {} : { into: options.history.list('sample') }),
    },
  );
  const operations: ParticipateOperation[] = options.history?.list('operation') ?? [];
  const probeTarget = {
    baseUrl: system.ingestUrl,
    tokenFor: (userId: string) => system.tokenFor(userId),
    requestIdOf: (body: unknown) => requestIdOf(body, system.answers),
    surfaces: system.surfaces,
  };

  progress.phase('claims', 'the identity probe names other users in the body, the query and a header');
  const claims: ClaimsSent = await sendIdentityClaims(probeTarget, probeEventId, options.runTag);
  operations.push(...claims.operations);

  progress.phase('spike', `${options.users} users, ${CLIENTS} clients at a time, worker off`);
  await spike(system, eventId, options, progress, operations);
  const peak = sampler.latest();
  const observationsBeforeWorker = await observeRequests(system.clients, system.resources.tableName);

  progress.phase('drain', `${options.workers} worker(s) on; a kill once the first request is final`);
  const waiting = await readQueueDepth(system.clients, system.resources.mainQueueUrl);
  workerRunning = true;
  for (let i = 0; i < options.workers; i++) await system.worker.start();
  const kill = await killOnceProcessing(system, progress, waiting.visible);
  const { finalAt } = await waitUntilAllFinal({
    clients: system.clients,
    tableName: system.resources.tableName,
    mainQueueUrl: system.resources.mainQueueUrl,
    timeoutMs: options.drainTimeoutSeconds * 1000,
    say: progress.say,
  });

  progress.phase('final', "the probe's reads, workers stopped, table and DLQ read");
  const accessProbes = [...claims.probes, ...(await readIdentityProbes(probeTarget, claims))];
  await system.worker.stop();
  workerRunning = false;
  const samples = await sampler.stop();
  const { final } = await collectFinalState(system.clients, system.resources);
  progress.endPhase();

  const history: History = {
    parameters: runParameters(system, eventId, options.capacity),
    operations,
    observations: observationsBeforeWorker,
    samples,
    phases: progress.phases,
    final,
    accessProbes,
  };
  const steps: Verdict[] = [
    step(
      'depth-rise',
      'Worker off: the queue held the spike',
      (peak?.visible ?? 0) + (peak?.notVisible ?? 0) > 0,
      'the main queue never showed a message while the worker was off',
    ),
    step(
      'drain',
      'Drain: every request final and the queue empty',
      finalAt !== undefined,
      `the drain timed out after ${options.drainTimeoutSeconds} s`,
    ),
    kill,
  ];
  const verdicts = [...steps, ...checkAll(history, conformanceCheckers(system.surfaces)).verdicts];
  return { history, verdicts, valid: combineValidity(verdicts) };
}

/** The event the spike participates in (the run's parameters name it before the run starts). */
export function conformanceEventId(runTag: string): string {
  return `EVT-CONF-${runTag}`.slice(0, 64);
}

/**
 * Users arrive CLIENTS at a time; every 10th clicks twice; 5xx and no answer are retried. Each
 * attempt goes into `operations` as it is made.
 */
async function spike(
  system: SystemUnderTest,
  eventId: string,
  options: ConformanceOptions,
  progress: Progress,
  operations: ParticipateOperation[],
): Promise<void> {
  const before = operations.length;
  let next = 0;
  const client = async (lane: number) => {
    while (next < options.users) {
      const n = next++;
      const userId = `conf-${options.runTag}-${n + 1}`;
      for (let click = 0; click < (n % 10 === 0 ? 2 : 1); click++) {
        for (let attempt = 0; attempt <= RETRIES; attempt++) {
          const operation = await participateThrough(system, userId, eventId, `client-${lane}`);
          operations.push(operation);
          if (operation.type === 'ok' || (operation.httpStatus ?? 500) < 500) break;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, lane) => client(lane)));
  const made = operations.slice(before);
  const accepted = made.filter((op) => op.type === 'ok').length;
  progress.say(`spike done: ${made.length} participations, ${accepted} answered 202`);
}

/**
 * Kills every worker once they have begun on the queue (a message taken: in flight, or fewer
 * waiting than before they started), and starts them again: what the crash scenarios need from
 * a system, through its worker control only. One queue-attributes call a tick, never a scan.
 */
async function killOnceProcessing(
  system: SystemUnderTest,
  progress: Progress,
  visibleBefore: number,
): Promise<Verdict> {
  const title = 'Worker kill: every worker killed mid-drain and started again';
  const kill = system.worker.kill;
  if (!kill) {
    return {
      id: 'worker-kill',
      title,
      valid: 'unknown',
      summary: 'not run: the system file gives no worker kill command',
      counts: {},
      counterexamples: [],
    };
  }
  const begun = await pollUntil(
    async () => {
      const depth = await readQueueDepth(system.clients, system.resources.mainQueueUrl);
      return depth.notVisible > 0 || depth.visible < visibleBefore;
    },
    { intervalMs: 100, timeoutMs: 60_000 },
  );
  if (!begun) return step('worker-kill', title, false, 'no message was taken off the main queue within 60 s');
  const workers = system.worker.running;
  await kill();
  progress.say(`killed ${workers} worker(s) mid-drain; starting them again`);
  for (let i = 0; i < Math.max(1, workers); i++) await system.worker.start();
  return step('worker-kill', title, true, '');
}

function step(id: string, title: string, happened: boolean, whyNot: string): Verdict {
  return {
    id,
    title,
    valid: happened,
    summary: happened ? 'the step happened' : `the step failed: ${whyNot}`,
    counts: {},
    counterexamples: [],
  };
}
