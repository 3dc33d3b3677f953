/**
 * Model-based test of the worker's message handler and the transition rules, on the embedded
 * stack's real DynamoDB engine, ministack (started by test/global-setup.ts): random sequences of
 * deliveries, duplicates, crashes, stalls, lease expiries and dead letters
 * (test/model/handler-commands.ts), each checked against a model of one event with N seats.
 * After every command the table must agree with the model: each request's log is a path of the
 * transition table, SUCCEEDED <= N and = N - capacityRemaining, one SUCCEEDED per request at
 * most, attempt never goes back, queuedAt never changes.
 *
 * A failing run prints fast-check's seed, path and the command list (replayPath) to replay it.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  CrashAfterAcquire,
  CrashAfterSeat,
  DeadLetter,
  DeliverMessage,
  DuplicateDelivery,
  drain,
  ExpireLease,
  PauseAfterAcquire,
  QueueRequest,
  ResumePaused,
} from '../../test/model/handler-commands';
import type { HandlerModel, HandlerReal } from '../../test/model/handler-model';
import { seedEvent, seedRequest } from '../../test/model/seed';
import { useTestEnvironment } from '../../test/suite-environment';
import type { RequestItem } from '../common';

const BASE_TIME = 1_800_000_000_000;
const MAX_REQUESTS = 5;

describe('worker message handler against a model, on ministack', () => {
  const suite = useTestEnvironment({ fixtures: [] });

  it('keeps the table in line with the model and the transition table under any sequence of deliveries', async () => {
    const event = fc.record({
      capacity: fc.integer({ min: 1, max: 3 }),
      requests: fc.integer({ min: 2, max: MAX_REQUESTS }),
      /** Which requests are still RECEIVED when the run starts (their QUEUED write comes later). */
      received: fc.array(
        fc.nat({ max: 3 }).map((n) => n === 0),
        {
          minLength: MAX_REQUESTS,
          maxLength: MAX_REQUESTS,
        },
      ),
    });
    // Stalls, resumes and lease expiries weigh double: together they make the stale attempts.
    const commandsFor = (requests: number) => {
      const index = fc.nat({ max: requests - 1 });
      return fc.commands(
        [
          index.map((i) => new DeliverMessage(i)),
          index.map((i) => new DeliverMessage(i)),
          index.map((i) => new DuplicateDelivery(i)),
          index.map((i) => new CrashAfterAcquire(i)),
          index.map((i) => new CrashAfterSeat(i)),
          index.map((i) => new PauseAfterAcquire(i)),
          index.map((i) => new PauseAfterAcquire(i)),
          fc.constant(new ResumePaused()),
          fc.constant(new ResumePaused()),
          fc.constant(new ExpireLease()),
          fc.constant(new ExpireLease()),
          index.map((i) => new DeadLetter(i)),
          index.map((i) => new QueueRequest(i)),
        ],
        { maxCommands: 20, size: 'medium' },
      );
    };
    const scenario = event.chain((drawn) => fc.tuple(fc.constant(drawn), commandsFor(drawn.requests)));

    await fc.assert(
      fc.asyncProperty(scenario, async ([{ capacity, requests, received }, cmds]) => {
        let state: { model: HandlerModel; real: HandlerReal } | undefined;
        const setup = async () => {
          const eventId = await seedEvent(suite.env, 'EVT-MODEL', capacity, BASE_TIME);
          const seeded: RequestItem[] = [];
          for (let r = 0; r < requests; r++) {
            seeded.push(
              await seedRequest(suite.env.store, {
                eventId,
                userId: `user-${r}`,
                requestedAt: BASE_TIME,
                ...(received[r] ? {} : { queuedAt: BASE_TIME + 1 }),
              }),
            );
          }
          state = {
            model: {
              now: BASE_TIME + 2,
              capacityTotal: capacity,
              capacityRemaining: capacity,
              requests: seeded.map((item) => ({
                status: item.status,
                attempt: 0,
                leaseExpiresAt: undefined,
                queuedAt: item.queuedAt,
                startedAt: undefined,
              })),
              paused: [],
            },
            real: {
              env: suite.env,
              eventId,
              requests: seeded,
              clock: { t: BASE_TIME + 2 },
              paused: [],
              lastSeen: new Map(),
              deliveries: 0,
            },
          };
          return state;
        };
        await fc.asyncModelRun(setup, cmds);
        if (state) await drain(state.model, state.real);
      }),
      { numRuns: 100 },
    );
  });
});
