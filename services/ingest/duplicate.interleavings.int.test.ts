/**
 * Duplicate participations of one user racing each other and the recovery sweep, with every
 * DynamoDB call and every SendMessage under fast-check's scheduler (test/model/scheduled-calls.ts),
 * on the embedded stack's ministack (DynamoDB) and fauxqs (SQS): whatever the order, one requestId,
 * one lock, one request, and it ends QUEUED once, with its message sent before the QUEUED write
 * (spec section 3).
 *
 * A failing run prints fast-check's seed and path (replay with `fc.assert(..., { seed, path })`)
 * and the scheduler's report: the order in which the calls reached the emulators.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TestEnvironment } from '../../test/harness';
import { expectSound, readRequestAudit } from '../../test/model/request-audit';
import {
  type ActorResult,
  gate,
  runActors,
  scheduledClients,
  withScheduleOnFailure,
} from '../../test/model/scheduled-calls';
import { seedEvent } from '../../test/model/seed';
import { useTestEnvironment } from '../../test/suite-environment';
import type { AwsClients } from '../aws/clients';
import { SqsQueue } from '../aws/participation-queue';
import { DynamoRequestStore, type TransitionOutcome } from '../aws/request-store';
import { type Clock, type QueueMessage, type RequestItem, Status } from '../common';
import { EventCatalog } from './event-catalog';
import { type ParticipateResult, participate, toQueueMessage } from './participate';
import type { MessageSender, OutboxCursor } from './ports';
import { runRecoverySweep, type SweepReport } from './recovery-sweep';

const BASE_TIME = 1_800_000_000_000;
const USER = 'clicker';

/** What the run saw, in the order it happened (the calls are serialised by the scheduler). */
interface Trace {
  seq: number;
  readonly sends: { seq: number; actor: string; message: QueueMessage }[];
  readonly queuedWrites: { seq: number; actor: string; queuedAt: number }[];
  /** When each call returned its answer (a 202 in the service). */
  readonly answers: { seq: number; actor: string }[];
}

/**
 * The real store, seen through one actor's scheduled clients. It records the QUEUED writes that
 * took effect, and keeps the sweep's outbox reads to this run's event: the table is shared by all runs.
 */
class ObservedStore extends DynamoRequestStore {
  constructor(
    clients: AwsClients,
    tableName: string,
    private readonly actor: string,
    private readonly eventId: string,
    private readonly trace: Trace,
  ) {
    super(clients, tableName);
  }

  override async markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome> {
    const outcome = await super.markQueued(request, queuedAt);
    if (outcome.kind === 'done')
      this.trace.queuedWrites.push({ seq: ++this.trace.seq, actor: this.actor, queuedAt });
    return outcome;
  }

  override async findStuckReceived(requestedBefore: number, cursor?: OutboxCursor) {
    const page = await super.findStuckReceived(requestedBefore, cursor);
    return { ...page, entries: page.entries.filter((entry) => entry.eventId === this.eventId) };
  }
}

interface Scenario {
  readonly callers: number;
  readonly withSweep: boolean;
  /** 0: duplicates heal a RECEIVED request at once; large: they leave it to its first call. */
  readonly healAfterMs: number;
  /** The first sends fail, as if the queue were briefly unreachable. */
  readonly failedSends: number;
}

/**
 * Runs `callers` participations of one user (and the sweep) under `s`, heals what is left
 * RECEIVED once the queue is back, then checks the pair's request, lock, log and messages.
 */
async function checkDuplicates(
  env: TestEnvironment,
  s: fc.Scheduler,
  { callers, withSweep, healAfterMs, failedSends }: Scenario,
): Promise<void> {
  // Prepare
  let t = BASE_TIME;
  const clock: Clock = { now: () => ++t };
  const eventId = await seedEvent(env, 'EVT-DUP', 10, BASE_TIME);
  const trace: Trace = { seq: 0, sends: [], queuedWrites: [], answers: [] };
  const queue = new SqsQueue(env.clients, env.resources.mainQueueUrl);
  let sendsToFail = failedSends;
  const senderFor = (actor: string): MessageSender => ({
    async send(message) {
      await gate(s, `${actor}: SendMessage`);
      if (sendsToFail > 0) {
        sendsToFail--;
        throw new Error('queue unreachable (simulated)');
      }
      await queue.send(message);
      trace.sends.push({ seq: ++trace.seq, actor, message });
    },
  });
  const storeFor = (actor: string) =>
    new ObservedStore(
      scheduledClients(s, env.clients, actor),
      env.resources.tableName,
      actor,
      eventId,
      trace,
    );
  const generatedIds: string[] = [];
  // The event lookup is a cached read that races with nothing: left unscheduled.
  const events = new EventCatalog(env.store, clock);

  const actors: (() => Promise<ParticipateResult | SweepReport>)[] = Array.from(
    { length: callers },
    (_, c) => async () => {
      const answer = await participate(
        {
          store: storeFor(`ingest-${c}`),
          queue: senderFor(`ingest-${c}`),
          events,
          clock,
          ids: {
            newId: () => {
              const id = crypto.randomUUID();
              generatedIds.push(id);
              return id;
            },
          },
          healAfterMs,
          // The scheduler, not time, decides what a waiting duplicate sees on its next read.
          pause: async () => {},
        },
        { eventId, userId: USER },
      );
      trace.answers.push({ seq: ++trace.seq, actor: `ingest-${c}` });
      return answer;
    },
  );
  if (withSweep) {
    actors.push(async () => {
      // The sweep wakes up at any point of the race; it reads the clock when it does.
      await gate(s, 'sweep: wakes up');
      return runRecoverySweep(
        { store: storeFor('sweep'), queue: senderFor('sweep'), clock },
        { minAgeMs: 0, giveUpAfterMs: 3_600_000, concurrency: 4 },
      );
    });
  }

  // Act
  const results = await runActors(s, actors);

  // Assess
  await withScheduleOnFailure(s, async () => {
    const answers = results.slice(0, callers) as ActorResult<ParticipateResult>[];
    // Only a failed send may fail a call, and only with QueueUnavailableError (a 503).
    const unexpected = results.flatMap((result, index) => {
      if (result.ok) return [];
      const error = result.error as Error;
      if (failedSends > 0 && error.name === 'QueueUnavailableError') return [];
      return [`actor ${index} threw ${error.name}: ${error.message}`];
    });
    if (unexpected.length > 0) throw new Error(`unexpected failures: ${unexpected.join('; ')}`);
    const lockedId = await env.store.getLockedRequestId(eventId, USER);
    expect(lockedId).toBeDefined();
    const answered = answers.flatMap((result) => (result.ok ? [result.value] : []));
    expect(
      answered.map((answer) => answer.requestId),
      "every answer carries the lock's requestId",
    ).toEqual(answered.map(() => lockedId));
    expect(answered.filter((answer) => !answer.duplicate).length).toBeLessThanOrEqual(1);
    if (answered.length === callers) expect(answered.filter((a) => !a.duplicate)).toHaveLength(1);

    const beforeHeal = await readRequestAudit(env.clients, env.resources.tableName, String(lockedId));
    if (failedSends === 0) expect(beforeHeal.item?.status).toBe(Status.QUEUED);
    if (beforeHeal.item?.status === Status.RECEIVED) {
      // Heal phase: the queue is back and the sweep runs alone, as it would a minute later.
      const healer = new ObservedStore(env.clients, env.resources.tableName, 'heal', eventId, trace);
      const healed = await runRecoverySweep(
        {
          store: healer,
          queue: {
            send: async (message) => {
              await queue.send(message);
              trace.sends.push({ seq: ++trace.seq, actor: 'heal', message });
            },
          },
          clock,
        },
        { minAgeMs: 0, giveUpAfterMs: 3_600_000, concurrency: 4 },
      );
      expect(healed).toMatchObject({ found: 1, requeued: 1 });
    }

    const audit = await readRequestAudit(env.clients, env.resources.tableName, String(lockedId));
    expectSound(audit);
    expect(audit.item?.status).toBe(Status.QUEUED);
    expect(audit.logs.map((log) => log.toStatus)).toEqual([Status.RECEIVED, Status.QUEUED]);
    expect(trace.queuedWrites).toHaveLength(1);
    expect(audit.item?.queuedAt).toBe(trace.queuedWrites[0]?.queuedAt);

    // One request for the pair: the other calls' ids were never written.
    for (const id of generatedIds.filter((id) => id !== lockedId)) {
      const loser = await readRequestAudit(env.clients, env.resources.tableName, id);
      expect(loser.item ?? loser.logs[0], `request ${id} of a duplicate`).toBeUndefined();
    }
    const { Items = [] } = await env.clients.documents.send(
      new ScanCommand({
        TableName: env.resources.tableName,
        FilterExpression: 'entityType = :request AND eventId = :event',
        ExpressionAttributeValues: { ':request': 'REQUEST', ':event': eventId },
        ConsistentRead: true,
      }),
    );
    expect(Items.map((item) => item.requestId)).toEqual([lockedId]);

    // Every answer, a duplicate's too, follows the QUEUED write (invariant 11).
    for (const answer of trace.answers) {
      expect(answer.seq, `${answer.actor} answered before the QUEUED write`).toBeGreaterThan(
        trace.queuedWrites[0]?.seq ?? Number.POSITIVE_INFINITY,
      );
    }

    // Step (3) before step (4): a message was on the queue before the request said QUEUED.
    const firstSend = trace.sends[0];
    expect(firstSend).toBeDefined();
    expect(firstSend?.seq).toBeLessThan(trace.queuedWrites[0]?.seq ?? 0);
    const expected = toQueueMessage(audit.item as RequestItem);
    for (const { message } of trace.sends) expect(message).toEqual(expected);
  });
}

describe('duplicate participations under scheduled interleavings on the emulators', () => {
  const suite = useTestEnvironment({ fixtures: [] });

  it('answers every duplicate with one requestId and queues that request exactly once, sweep or not', async () => {
    const scenario = fc.record({
      callers: fc.integer({ min: 2, max: 3 }),
      withSweep: fc.boolean(),
      healAfterMs: fc.constantFrom(0, 60_000),
      failedSends: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, (s, drawn) => checkDuplicates(suite.env, s, drawn)),
      { numRuns: 80 },
    );
  });

  /*
   * Found by this suite: participate() read its freshly created request back and enqueued it even
   * when a duplicate (healIfStuck) had queued it in between, and markQueued then refused
   * QUEUED -> QUEUED (HTTP 500). The replayed interleaving (task ids):
   *
   *   1 ingest-0: createReceived (creates)     4 ingest-1: Get (RECEIVED)        6 ingest-1: markQueued
   *   2 ingest-1: createReceived (duplicate)   5 ingest-1: SendMessage           3 ingest-0: Get (QUEUED)
   *
   * Now the first call sees QUEUED and answers its requestId without sending again.
   */
  it('answers the first call when a duplicate created and queued its request in between', async () => {
    // Both read no lock (1, 2); the second creates, sends and queues (4, 5, 6); the first's create
    // then finds the lock (3: a duplicate) and reads the request it names (7: QUEUED, no heal).
    const s = fc.schedulerFor([1, 2, 4, 5, 6, 3, 7]);
    await checkDuplicates(suite.env, s, { callers: 2, withSweep: false, healAfterMs: 0, failedSends: 0 });
  });
});
