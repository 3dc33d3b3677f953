/**
 * The stage of one targeted mutant scenario: its own table and queues on the stack (a fresh
 * prefix, so runs never see each other), ingest and workers started in-process by the services'
 * own start functions with injected parts, and the recording of everything the checkers read.
 *
 *   stageScenario: openStage -> the scenario's steps (participate over HTTP, start workers, faults)
 *                  -> finish: identity claims -> the drain (bounded) -> /me listings and probes
 *                     -> stop -> final reads -> History -> verdicts (I13 from the probes)
 *
 * Like the G0 and G1 runs, it talks to the system only through its public surfaces: HTTP answers
 * become operations, consistent scans of the table become observations and the final state.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkAll,
  type History,
  type ItemObservation,
  type LegitimateFailure,
  type ParticipateOperation,
} from '../../invariants';
import type { AwsClients } from '../../services/aws/clients';
import { DynamoRequestStore } from '../../services/aws/request-store';
import { isFinalStatus, type RequestItem } from '../../services/common';
import { IngestConfigSchema } from '../../services/ingest/config';
import { type IngestOverrides, type StartedIngest, startIngest } from '../../services/ingest/server';
import { WorkerConfigSchema } from '../../services/worker/config';
import { type StartedWorker, startWorker, type WorkerOverrides } from '../../services/worker/worker';
import { type ProvisionedResources, provision } from '../../stack/provision';
import { defineResources } from '../../stack/resources';
import type { ClaimsSent } from '../runner/access-probe';
import { observeRequests } from '../runner/final-state';
import { pollUntil } from '../runner/poll-until';
import { waitUntilAllFinal } from '../runner/wait-until-final';
import { participateWithToken } from '../system/participate-client';
import { createTokenSource, SPEC_LOGIN } from '../system/token-source';
import type { MutantDefinition, MutantEnvironment, ScenarioResult, Variant } from './mutant';
import { MUTANT_CHECKERS } from './mutant-checkers';
import { RecordingPublisher } from './recording-publisher';
import { readStageFinalState } from './stage-final-state';
import { readStageProbes, type StageIngestAccess, sendStageClaims } from './stage-probes';

export interface StageOptions {
  readonly capacity: number;
  /**
   * The main queue's visibility timeout, and the worker's lease (equal, as the contract allows):
   * short, so that a redelivery after a crash or a stall comes within seconds.
   */
  readonly visibilityTimeoutSeconds?: number;
  /** How long the drain may take before the final reads; a mutant may strand requests for good. */
  readonly drainTimeoutMs?: number;
}

const EVENT_ID = 'EVT-MUTANT';
/** The identity probe participates in an event of its own, so the scenario's seats stay its own. */
const PROBE_EVENT_ID = 'EVT-MUTANT-PROBE';
const TOKEN_SECRET = 'mutant-stage-token-secret';
const ADMIN_SECRET = 'mutant-stage-admin-secret';
const OBSERVE_EVERY_MS = 250;
/** Far beyond what the reference needs for a handful of requests, even on a busy machine. */
const DEFAULT_DRAIN_TIMEOUT_MS = 15_000;
let opened = 0;

/**
 * A mutant's targeted scenario: on a fresh stage, the steps (for the mutant or for the reference
 * parts, as `variant` says), then the drain, the final reads and the verdicts. If a step throws,
 * everything started is stopped before the error goes on.
 */
export function stageScenario(
  options: StageOptions,
  steps: (stage: MutantStage, variant: Variant) => Promise<void>,
): MutantDefinition['scenario'] {
  return async (env, variant) => {
    const stage = await openStage(env, options);
    try {
      await steps(stage, variant);
    } catch (err) {
      await stage.stop();
      throw err;
    }
    return stage.finish(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
  };
}

async function openStage(env: MutantEnvironment, options: StageOptions): Promise<MutantStage> {
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 2;
  const namePrefix = `m${process.pid}-${++opened}-${Date.now().toString(36)}-`;
  const resources = await provision(
    env.clients,
    defineResources({
      namePrefix,
      visibilityTimeoutSeconds,
      fixtures: [
        { eventId: EVENT_ID, capacity: options.capacity },
        { eventId: PROBE_EVENT_ID, capacity: 10 },
      ],
    }),
  );
  return new MutantStage(env, resources, options.capacity, visibilityTimeoutSeconds);
}

export class MutantStage {
  readonly eventId = EVENT_ID;
  /** Where every worker of the stage publishes, unless a scenario wraps it. */
  readonly publisher = new RecordingPublisher();
  private readonly operations: ParticipateOperation[] = [];
  private readonly legitimateFailures: LegitimateFailure[] = [];
  private readonly observations: ItemObservation[] = [];
  private readonly workers: StartedWorker[] = [];
  private readonly tokens = new Map<string, string>();
  private readonly startedAt = Date.now();
  private ingest: StartedIngest | undefined;
  private observing = true;
  private readonly observer: Promise<void>;

  constructor(
    private readonly env: MutantEnvironment,
    readonly resources: ProvisionedResources,
    readonly capacity: number,
    readonly visibilityTimeoutSeconds: number,
  ) {
    this.observer = this.observeUntilFinished();
  }

  get clients(): AwsClients {
    return this.env.clients;
  }

  get tableName(): string {
    return this.resources.tableName;
  }

  /** A reference store on the stage's table, for a scenario to wrap with a fault or to read through. */
  referenceStore(): DynamoRequestStore {
    return new DynamoRequestStore(this.clients, this.tableName);
  }

  async startIngest(overrides: IngestOverrides = {}, config: Record<string, string> = {}): Promise<void> {
    const parsed = IngestConfigSchema.parse({
      PORT: '0',
      TABLE_NAME: this.tableName,
      QUEUE_URL: this.resources.mainQueueUrl,
      SWEEP_INTERVAL_MS: '0',
      TOKEN_SECRET,
      ADMIN_SECRET,
      ...config,
    });
    this.ingest = await startIngest(
      parsed,
      this.clients,
      this.env.logger.child({ service: 'ingest' }),
      overrides,
    );
  }

  startWorker(overrides: WorkerOverrides = {}, config: Record<string, string> = {}): StartedWorker {
    const parsed = WorkerConfigSchema.parse({
      TABLE_NAME: this.tableName,
      QUEUE_URL: this.resources.mainQueueUrl,
      DLQ_URL: this.resources.deadLetterQueueUrl,
      VISIBILITY_TIMEOUT_SECONDS: String(this.visibilityTimeoutSeconds),
      LEASE_MS: String(this.visibilityTimeoutSeconds * 1000),
      WAIT_SECONDS: '1',
      CONCURRENCY: '8',
      ...config,
    });
    const worker = startWorker(parsed, this.clients, this.env.logger.child({ service: 'worker' }), {
      publisher: this.publisher,
      ...overrides,
    });
    this.workers.push(worker);
    return worker;
  }

  /** One click of the participate button by `userId`, recorded as an operation. */
  async participate(userId: string): Promise<ParticipateOperation> {
    const operation = await participateWithToken(
      this.baseUrl(),
      await this.tokenOf(userId),
      this.eventId,
      userId,
      `client-${userId}`,
    );
    this.operations.push(operation);
    return operation;
  }

  /** Names requests the scenario fails on purpose (a poison message): I12 excuses them. */
  declareLegitimateFailure(rule: LegitimateFailure): void {
    this.legitimateFailures.push(rule);
  }

  /** A reading of every request now (the stage also takes one every OBSERVE_EVERY_MS). */
  async observe(): Promise<void> {
    this.observations.push(...(await observeRequests(this.clients, this.tableName)));
  }

  /** Waits until the request has a final status, whoever finished it. */
  async waitForFinal(requestId: string, timeoutMs = 20_000): Promise<RequestItem> {
    const store = this.referenceStore();
    let final: RequestItem | undefined;
    const isFinal = async () => {
      const item = await store.getRequest(requestId);
      if (item !== undefined && isFinalStatus(item.status)) final = item;
      return final !== undefined;
    };
    if ((await pollUntil(isFinal, { intervalMs: 100, timeoutMs })) && final) return final;
    throw new Error(`request ${requestId} was not final within ${timeoutMs} ms`);
  }

  /**
   * The end of every scenario: the drain (bounded: a mutant may strand requests for good), the
   * listings, then the final reads once nothing runs any more, and the verdicts.
   */
  async finish(drainTimeoutMs: number): Promise<ScenarioResult> {
    const claims = await this.sendClaims();
    const drain = await waitUntilAllFinal({
      clients: this.clients,
      tableName: this.tableName,
      mainQueueUrl: this.resources.mainQueueUrl,
      timeoutMs: drainTimeoutMs,
      say: (message) => this.env.logger.debug({ table: this.tableName }, message),
    });
    const probes = await readStageProbes(
      this.ingestAccess(),
      this.operations.filter((op) => op.eventId === this.eventId),
      claims,
    );
    await this.stop();
    await this.observe();
    const final = await readStageFinalState(this.clients, this.resources, this.env.logger);
    const history: History = {
      parameters: {
        eventId: this.eventId,
        capacity: this.capacity,
        maxReceiveCount: this.resources.maxReceiveCount,
      },
      operations: this.operations,
      observations: this.observations,
      samples: [],
      phases: [{ name: 'targeted scenario', startedAt: this.startedAt, endedAt: Date.now() }],
      final,
      analytics: this.publisher.delivery(),
      accessProbes: probes,
      legitimateFailures: this.legitimateFailures,
    };
    const { verdicts, valid } = checkAll(history, MUTANT_CHECKERS);
    return { history, verdicts, valid, drained: drain.finalAt !== undefined };
  }

  /** Stops the observer, every worker and the ingest; what they left behind stays for the reads. */
  async stop(): Promise<void> {
    this.observing = false;
    await this.observer;
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.ingest?.stop();
  }

  private baseUrl(): string {
    if (!this.ingest) throw new Error('start the ingest of the stage before participating');
    return this.ingest.url;
  }

  private ingestAccess(): StageIngestAccess {
    return { baseUrl: this.baseUrl(), tokenOf: (userId) => this.tokenOf(userId) };
  }

  private async tokenOf(userId: string): Promise<string> {
    const known = this.tokens.get(userId);
    if (known !== undefined) return known;
    const token = await createTokenSource(SPEC_LOGIN, this.baseUrl(), {})(userId);
    this.tokens.set(userId, token);
    return token;
  }

  /** The identity claims, sent while workers run; a stage whose ingest never started has none. */
  private async sendClaims(): Promise<ClaimsSent | undefined> {
    if (!this.ingest) return undefined;
    const claims = await sendStageClaims(this.ingestAccess(), PROBE_EVENT_ID, `s${opened}`);
    this.operations.push(...claims.operations);
    return claims;
  }

  private async observeUntilFinished(): Promise<void> {
    while (this.observing) {
      await this.observe().catch((err: unknown) => this.env.logger.warn({ err }, 'observation_failed'));
      await sleep(OBSERVE_EVERY_MS);
    }
  }
}
