/**
 * The CI-sized HTTP fuzz (the benchmark-sized one is `scenarios/fuzz/main.ts`): a seeded batch of
 * invalid requests must get only 4xx answers with a JSON `{ code, message }`, change nothing in
 * the table or the queues, and leave the service healthy and serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintFuzzTokens } from '../../scenarios/fuzz/fuzz-tokens';
import { formatFuzzCounts, type HttpFuzzCounts, runHttpFuzz } from '../../scenarios/fuzz/http-fuzz';
import { diffSnapshots, type StateSnapshot, takeStateSnapshot } from '../../scenarios/fuzz/state-snapshot';
import {
  ingestFor,
  login,
  participateAs,
  provisionTestEnvironment,
  TEST_SECRETS,
  type TestEnvironment,
} from '../../test/harness';
import type { StartedIngest } from './server';

const EVENT = 'EVT-FUZZ';
const RUNS = 600;
/** Fixed so a failure replays; FUZZ_SEED overrides it to explore or to replay another run. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_521);

describe('ingest under an HTTP fuzz of invalid requests', () => {
  let env: TestEnvironment;
  let ingest: StartedIngest;
  let before: StateSnapshot;
  let counts: HttpFuzzCounts;

  beforeAll(async () => {
    env = await provisionTestEnvironment({ fixtures: [{ eventId: EVENT, capacity: 5 }] });
    ingest = await ingestFor(env);
    // Prepare: one real request, so "unchanged" covers requests, locks and a queued message too.
    const alice = await login(ingest.url, 'fuzz-alice');
    expect((await participateAs(ingest.url, alice, EVENT)).status).toBe(202);
    // The fuzz's valid user has no request yet: a request slipping through would add one.
    const tokens = await mintFuzzTokens({
      secret: TEST_SECRETS.TOKEN_SECRET,
      validUser: await login(ingest.url, 'fuzz-user'),
      userId: 'fuzz-user',
    });
    before = await takeStateSnapshot(env.clients, env.resources);

    // Act
    console.log(`HTTP fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`);
    counts = await runHttpFuzz({
      baseUrl: ingest.url,
      tokens,
      runs: RUNS,
      seed: SEED,
      concurrency: 8,
      realEventId: EVENT,
    });
    console.log(formatFuzzCounts(counts));
  });
  afterAll(async () => {
    await ingest?.stop();
    env?.close();
  });

  it(`answers all ${RUNS} requests with a 4xx and a JSON { code, message }, never a 5xx`, () => {
    const fiveHundreds = Object.entries(counts.byStatus).filter(([status]) => status.startsWith('5'));

    expect(counts.requests).toBe(RUNS);
    expect(fiveHundreds).toEqual([]);
    expect(counts.non4xx).toEqual([]);
    expect(counts.nonJsonErrors).toEqual([]);
    expect(counts.noAnswer).toEqual([]);
    expect(counts.unexpected).toBe(0);
  });

  // 403 (a user token on admin routes), 404 for unknown events and requests and 400 INVALID_INPUT
  // are the document's to reach: schemathesis checks them in make test (npm run contract).
  it('reaches every refusal path the document cannot express: 400, 401, 404, 413 and 415', () => {
    expect(Object.keys(counts.byStatus)).toEqual(expect.arrayContaining(['400', '401', '404', '413', '415']));
    expect(Object.keys(counts.byAnswer)).toEqual(
      expect.arrayContaining([
        '400 MALFORMED_BODY',
        '401 UNAUTHENTICATED',
        '404 ROUTE_NOT_FOUND',
        '413 PAYLOAD_TOO_LARGE',
        '415 UNSUPPORTED_MEDIA_TYPE',
      ]),
    );
  });

  it('leaves every table item and both queues exactly as they were', async () => {
    const after = await takeStateSnapshot(env.clients, env.resources);

    expect(diffSnapshots(before, after)).toEqual([]);
    expect(after.items.size).toBeGreaterThan(1);
  });

  it('is still healthy afterwards and takes a real participation, which the snapshot does see', async () => {
    const health = await fetch(`${ingest.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const token = await login(ingest.url, 'fuzz-user');
    const answer = await participateAs(ingest.url, token, EVENT);

    expect(answer.status).toBe(202);
    expect(Object.keys(answer.body)).toEqual(['requestId']);
    const changes = diffSnapshots(before, await takeStateSnapshot(env.clients, env.resources));
    expect(changes).toEqual(
      expect.arrayContaining([
        `item added: REQ#${answer.body.requestId}|META`,
        expect.stringMatching(/^main queue: /),
      ]),
    );
  });
});
