/**
 * A run's history written as it goes (openLiveHistory): what the run pushed is on disk before the
 * run ends, finish completes it without writing a record twice, and an interrupted run leaves a
 * partial file that check refuses to judge.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { History } from './history';
import { readHistoryFile } from './history-reader';
import { openLiveHistory } from './history-writer';
import { buildRunHistory } from './test-helpers';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'live-history-'));
  file = join(dir, 'history.ndjson');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kindsOnDisk = async () =>
  (await readFile(file, 'utf8'))
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => (JSON.parse(line) as { kind: string }).kind);

describe('openLiveHistory', () => {
  it('reads back the whole history once finished, each pushed record written once', async () => {
    // Prepare: the run collects its operations and samples through the live lists
    const recorded = buildRunHistory({ users: 4, poisonUsers: 1 });
    const live = await openLiveHistory(file, { suite: 'g0', parameters: recorded.parameters });
    const operations = live.list('operation');
    const samples = live.list('sample');
    operations.push(...recorded.operations);
    for (const sample of recorded.samples) samples.push(sample);
    const history: History = { ...recorded, operations, samples };

    // Act
    const written = await live.finish(history, { failedSteps: ['spike'] });

    // Assess
    const read = await readHistoryFile(file);
    expect(read.records).toBe(written);
    expect(read.history).toEqual(recorded);
    expect(read.header.failedSteps).toEqual(['spike']);
  });

  it('leaves the records pushed so far on disk when the run is interrupted, without an end line', async () => {
    const recorded = buildRunHistory({ users: 3 });
    const live = await openLiveHistory(file, { suite: 'g0', parameters: recorded.parameters });
    const operations = live.list('operation');
    operations.push(...recorded.operations);

    await live.abandon();

    const kinds = await kindsOnDisk();
    expect(kinds).toHaveLength(recorded.operations.length);
    expect(new Set(kinds)).toEqual(new Set(['operation']));
    await expect(readHistoryFile(file)).rejects.toThrow(/no end line: the history is incomplete/);
  });
});
