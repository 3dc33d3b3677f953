/**
 * A spike's operations reach the run's history.ndjson as they are recorded: a real run process,
 * interrupted mid-spike, leaves them in the partial file, on the main loop and from worker
 * threads (whose batches the interrupt collects before the history is written).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParticipateOperation } from '../../invariants/history';
import { readHistoryFile } from '../../invariants/history-reader';
import { interruptWhenReady } from '../runner/interrupt-child';

const VUS = 4; // as the fixture drives
const READY = 20; // participations the server has seen when the fixture says ready

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'interrupted-spike-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const interruptSpike = (threads: number) =>
  interruptWhenReady(
    join(import.meta.dirname, 'fixtures/interrupted-spike.ts'),
    [root, String(threads), String(READY)],
    'SIGTERM',
  );

describe('a run interrupted during the spike', () => {
  it.each([
    ['the main loop', 1],
    ['two worker threads', 2],
  ])(
    'leaves the operations recorded so far on %s in the partial history.ndjson',
    async (_where, threads) => {
      const { code, runDir } = await interruptSpike(threads);

      expect(code).toBe(143);
      const lines = (await readFile(join(runDir, 'history.ndjson'), 'utf8')).trimEnd().split('\n');
      const records = lines
        .slice(1)
        .map((line) => JSON.parse(line) as { kind: string; record: ParticipateOperation });
      // Each VU has at most one participation in flight: the others the server saw were answered.
      expect(records.length).toBeGreaterThanOrEqual(READY - VUS);
      expect(new Set(records.map((r) => r.kind))).toEqual(new Set(['operation']));
      expect(records.every((r) => r.record.process === 'spike' && r.record.type === 'ok')).toBe(true);
      expect(new Set(records.map((r) => r.record.userId)).size).toBe(records.length);
      await expect(readHistoryFile(join(runDir, 'history.ndjson'))).rejects.toThrow(/no end line/);
      const results = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8'));
      expect(results).toMatchObject({ valid: 'unknown', interrupted: { signal: 'SIGTERM' } });
    },
    60_000,
  );
});
