/**
 * Wires a worker: the main-queue loop with the message handler and, beside it, the DLQ loop.
 * Used by main.ts and, in-process, by the integration tests.
 */
import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients';
import { type ReceivedMessage, SqsQueue } from '../aws/participation-queue';
import { DynamoRequestStore } from '../aws/request-store';
import { type Clock, randomIdGenerator, systemClock } from '../common';
import type { WorkerConfig } from './config';
import { type DlqStats, handleDeadLetter, newDlqStats } from './dlq-handler';
import { createEventBridgePublisher } from './eventbridge-publisher';
import { type HandleOutcome, type HandlerDeps, handleMessage } from './message-handler';
import { type RunningLoop, startPollLoop } from './poll-loop';
import { type Checkpoint, noCheckpoint, type WorkerStore } from './ports';
import { noPublisher, type ParticipationPublisher } from './publisher';

export interface StartedWorker {
  readonly workerId: string;
  readonly main: RunningLoop;
  readonly dlq?: RunningLoop;
  /** What the DLQ handler did: requests it failed, letters it could not attribute. */
  readonly dlqStats: Readonly<DlqStats>;
  stop(): Promise<void>;
}

/** What the main-queue loop runs per delivery; handleMessage is the reference one. */
export type MessageHandler = (deps: HandlerDeps, message: ReceivedMessage) => Promise<HandleOutcome>;

export interface WorkerOverrides {
  readonly clock?: Clock;
  readonly publisher?: ParticipationPublisher;
  readonly checkpoint?: Checkpoint;
  /** Another implementation of the store (the harness's mutants use this seam). */
  readonly store?: WorkerStore;
  /** Another main-queue handler, given the same deps (the harness's mutants wrap the reference). */
  readonly handler?: MessageHandler;
}

export function startWorker(
  config: WorkerConfig,
  clients: AwsClients,
  logger: Logger,
  overrides: WorkerOverrides = {},
): StartedWorker {
  const workerId = config.WORKER_ID ?? `worker-${randomIdGenerator.newId().slice(0, 8)}`;
  const log = logger.child({ workerId });
  const store = overrides.store ?? new DynamoRequestStore(clients, config.TABLE_NAME);
  const clock = overrides.clock ?? systemClock;
  const publisher =
    overrides.publisher ??
    (config.ANALYTICS === 'on'
      ? createEventBridgePublisher({
          eventbridge: clients.eventbridge,
          cloudwatch: clients.cloudwatch,
          eventBusName: config.EVENT_BUS_NAME,
          metricNamespace: config.METRIC_NAMESPACE,
          env: config.APP_ENV,
          workerId,
          logger: log.child({ component: 'analytics' }),
        })
      : noPublisher);
  const handlerDeps: HandlerDeps = {
    store,
    clock,
    workerId,
    leaseMs: config.LEASE_MS,
    publisher,
    checkpoint: overrides.checkpoint ?? noCheckpoint,
    logger: log,
  };
  const loopOptions = { waitSeconds: config.WAIT_SECONDS };
  const handle = overrides.handler ?? handleMessage;
  const main = startPollLoop(new SqsQueue(clients, config.QUEUE_URL), (m) => handle(handlerDeps, m), {
    ...loopOptions,
    concurrency: config.CONCURRENCY,
    logger: log.child({ component: 'main-queue' }),
  });
  const dlqStats = newDlqStats();
  const dlq =
    config.DLQ_HANDLER === 'on'
      ? startPollLoop(
          new SqsQueue(clients, config.DLQ_URL),
          (m) => handleDeadLetter({ store, clock, publisher, logger: log, stats: dlqStats }, m),
          { ...loopOptions, concurrency: 2, logger: log.child({ component: 'dlq' }) },
        )
      : undefined;
  return {
    workerId,
    main,
    ...(dlq ? { dlq } : {}),
    dlqStats,
    async stop() {
      await Promise.all([main.stop(), dlq?.stop()]);
    },
  };
}
