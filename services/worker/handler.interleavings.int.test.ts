/**
 * Concurrent deliveries of the same messages, every DynamoDB call under fast-check's scheduler
 * (test/model/scheduled-calls.ts), on the embedded stack's real DynamoDB engine, ministack (started
 * by test/global-setup.ts): whatever the order of the calls, a request is seated at most once and a
 * seat is never handed out twice.
 *
 * A failing run prints fast-check's seed and path (replay with `fc.assert(..., { seed, path })`)
 * and the scheduler's report: the order in which the calls reached DynamoDB.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../test/harness';
import { expectSound, readRequestAudit } from '../../test/model/request-audit';
import { gate, runActors, scheduledClients, withScheduleOnFailure } from '../../test/model/scheduled-calls';
import { seedEvent, seedRequest } from '../../test/model/seed';
import { useTestEnvironment } from '../../test/suite-environment';
import { DynamoRequestStore } from '../aws/request-store';
import { type RequestItem, Status } from '../common';
import { toQueueMessage } from '../ingest/participate';
import { type HandleOutcome, handleMessage } from './message-handler';
import { noCheckpoint } from './ports';
import { noPublisher } from './publisher';

const LEASE_MS = 30_000;
const BASE_TIME = 1_800_000_000_000;
/**
 * What a delivery that lost the race may answer: wait without spending a receive (requeue), or see
 * the winner's final status. Never a visibility retry: racing duplicates would spend the
 * message's receive count and could dead-letter a healthy request.
 */
const LOSING_OUTCOMES = ['requeue:LEASE_HELD', 'delete:already-final', 'leave:stale-attempt'];

const describeOutcome = (outcome: HandleOutcome) => `${outcome.action}:${outcome.reason}`;

describe('handleMessage under scheduled interleavings on ministack', () => {
  const suite = useTestEnvironment({ fixtures: [] });

  it('seats each request exactly once, and never a seat twice, whatever the order of concurrent deliveries', async () => {
    const scenario = fc.record({
      capacity: fc.integer({ min: 1, max: 2 }),
      /** Copies of the message of request 0 and of request 1 (0: there is no request 1). */
      copies: fc.tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 2 })),
      /** Clock steps past the lease somewhere in the interleaving: each lets a copy take over. */
      leaseExpiries: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), scenario, async (s, { capacity, copies, leaseExpiries }) => {
        // Prepare: one event, its requests QUEUED the way ingest leaves them.
        const clock = { t: BASE_TIME };
        const eventId = await seedEvent(suite.env, 'EVT-RACE', capacity, BASE_TIME);
        const requests: { item: RequestItem; copies: number }[] = [];
        for (const [index, count] of copies.entries()) {
          if (count === 0) continue;
          const item = await seedRequest(suite.env.store, {
            eventId,
            userId: `user-${index}`,
            requestedAt: BASE_TIME - 2,
            queuedAt: BASE_TIME - 1,
          });
          requests.push({ item, copies: count });
        }
        const deliveries = requests.flatMap(({ item, copies }, r) =>
          Array.from({ length: copies }, (_, c) => ({ request: item, worker: `w${r}.${c}` })),
        );
        const actors: (() => Promise<HandleOutcome | undefined>)[] = deliveries.map(
          ({ request, worker }) =>
            () =>
              handleMessage(
                {
                  store: new DynamoRequestStore(
                    scheduledClients(s, suite.env.clients, worker),
                    suite.env.resources.tableName,
                  ),
                  clock: { now: () => clock.t },
                  workerId: worker,
                  leaseMs: LEASE_MS,
                  publisher: noPublisher,
                  checkpoint: noCheckpoint,
                  logger: silentLogger,
                },
                { body: JSON.stringify(toQueueMessage(request)), receiveCount: 1, messageId: worker },
              ),
        );
        for (let step = 1; step <= leaseExpiries; step++) {
          actors.push(async () => {
            await gate(s, `clock: every lease runs out (${step})`);
            clock.t += LEASE_MS + 1;
            return undefined;
          });
        }

        // Act
        const results = await runActors(s, actors);

        // Assess
        await withScheduleOnFailure(s, async () => {
          const audits = await Promise.all(
            requests.map(({ item }) =>
              readRequestAudit(suite.env.clients, suite.env.resources.tableName, item.requestId),
            ),
          );
          const seats = await suite.env.store.getCapacity(eventId);
          for (const audit of audits) {
            expectSound(audit);
            expect(audit.item?.queuedAt).toBe(BASE_TIME - 1);
          }
          const statuses = audits.map((audit) => audit.item?.status);
          const succeeded = statuses.filter((status) => status === Status.SUCCEEDED).length;
          expect(succeeded).toBe(Math.min(capacity, requests.length));
          expect(seats?.capacityRemaining).toBe(capacity - succeeded);
          for (const audit of audits.filter((a) => a.item?.status !== Status.SUCCEEDED)) {
            expect(audit.item).toMatchObject({ status: Status.REJECTED, resultCode: 'REJECTED_CAPACITY' });
          }

          for (const [r, { item }] of requests.entries()) {
            const outcomes = deliveries.flatMap((delivery, d): string[] => {
              if (delivery.request.requestId !== item.requestId) return [];
              const result = results[d];
              if (!result?.ok) return [`threw ${String((result as { error?: unknown } | undefined)?.error)}`];
              return result.value ? [describeOutcome(result.value)] : [];
            });
            const finishing: string[] = outcomes.filter(
              (o) => o === 'delete:succeeded' || o === 'delete:rejected',
            );
            expect(finishing, `request ${r}: ${outcomes.join(', ')}`).toEqual([
              statuses[r] === Status.SUCCEEDED ? 'delete:succeeded' : 'delete:rejected',
            ]);
            const losing = outcomes.filter((o) => !finishing.includes(o));
            expect(
              losing.filter((o) => !LOSING_OUTCOMES.includes(o)),
              `request ${r}`,
            ).toEqual([]);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
