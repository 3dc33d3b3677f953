/**
 * What a runbook (G0, G1) runs with, and the steps both take alike on it: the queue sampler of
 * the run's event, a load phase whose operations reach the live history one by one as they are
 * recorded, and the drain. Each collects into the run's live history when it has one, into a
 * plain list otherwise (a test without a run folder).
 */
import type { History, ParticipateOperation } from '../../invariants/history';
import type { LiveHistory } from '../../invariants/history-writer';
import type { LoadParameters } from '../load/load-plan';
import { type LoadTool, runLoadPhase } from '../load/load-tool';
import type { LoadRun } from '../load/run-load';
import type { SystemUnderTest } from '../system/system-under-test';
import type { Progress } from './progress';
import { type RunningSampler, startQueueSampler } from './queue-sampler';
import { waitUntilAllFinal } from './wait-until-final';

export interface RunbookContext<Options> {
  readonly options: Options;
  readonly system: SystemUnderTest;
  readonly progress: Progress;
  readonly runDir: string;
  readonly loadTool: LoadTool;
  readonly runTag: string;
  /** The run's history written as it goes: operations and samples are collected into its lists. */
  readonly history?: LiveHistory;
}

/** What every runbook leaves for its verdicts and report. */
export interface RunbookOutcome {
  readonly history: History;
  readonly spike: LoadRun;
  /** When every request was final; undefined when the drain timed out. */
  readonly drainedAt: number | undefined;
  /** The steps that did not happen (the steps verdict, the end line, results.json). */
  readonly failedSteps: string[];
  readonly notes: string[];
}

/**
 * An operation list of the run: on the live history, every push is on its way to
 * history.ndjson at once. Each call is a new list; the run's History joins them at the end.
 */
export function operationList(context: RunbookContext<unknown>): ParticipateOperation[] {
  return context.history?.list('operation') ?? [];
}

/** Samples the queues and the capacity of `eventId` every `intervalMs`, into the live history. */
export function sampleQueues(
  context: RunbookContext<unknown>,
  eventId: string,
  intervalMs: number,
  workerRunning: () => boolean,
): RunningSampler {
  const { clients, resources } = context.system;
  return startQueueSampler(
    {
      clients,
      tableName: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      eventId,
    },
    {
      intervalMs,
      phase: () => context.progress.currentPhase,
      workerRunning,
      ...(context.history === undefined ? {} : { into: context.history.list('sample') }),
    },
  );
}

/**
 * One load phase on the run's tool against `eventId`, each user's token the system's way (login
 * route, signed, or a command); its operations go to a list of the live history as each
 * iteration ends, so that an interrupted spike leaves them in the partial file.
 */
export function runPhase(
  context: RunbookContext<unknown>,
  phase: { label: string; parameters: LoadParameters; eventId: string; baseUrl?: string | undefined },
): Promise<LoadRun> {
  const { system, progress } = context;
  return runLoadPhase(context.loadTool, {
    label: phase.label,
    parameters: phase.parameters,
    baseUrl: phase.baseUrl ?? system.ingestUrl,
    eventId: phase.eventId,
    runTag: context.runTag,
    runDir: context.runDir,
    tokenFor: system.tokenFor,
    into: operationList(context),
    onLine: (line) => progress.say(`  ${phase.label} | ${line}`),
  });
}

/** Waits until every request is final and the main queue empty: when, or undefined on timeout. */
export async function drainAll(
  context: RunbookContext<unknown>,
  timeoutSeconds: number,
): Promise<number | undefined> {
  const { clients, resources } = context.system;
  const { finalAt } = await waitUntilAllFinal({
    clients,
    tableName: resources.tableName,
    mainQueueUrl: resources.mainQueueUrl,
    timeoutMs: timeoutSeconds * 1000,
    say: context.progress.say,
  });
  return finalAt;
}
