import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventType, Status } from '../services/common';
import { checkersFor, checkHistoryFile } from './check-history';
import { HistoryFormatError } from './history-format';
import { readHistoryFile } from './history-reader';
import { openHistoryWriter, writeHistoryFile, writeRunHistory } from './history-writer';
import { CHECKER_SUITES, checkAll } from './index';
import { buildSyntheticHistory, syntheticRequestId } from './synthetic-history';
import { buildRunHistory, withRequest } from './test-helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const verdictLines = (verdicts: readonly { id: string; valid: unknown; summary: string }[]) =>
  verdicts.map((v) => `${v.id} ${String(v.valid)} ${v.summary}`);

describe('history.ndjson', () => {
  it('reads back the history it wrote, record for record', async () => {
    const base = buildRunHistory({ capacity: 3, users: 6, poisonUsers: 1 });
    // A request item that failed its schema travels as read, for I5 to quote.
    const invalid = { PK: 'REQ#x', SK: 'META', status: 'DONE' };
    const history = { ...base, final: { ...base.final, invalidRequests: [invalid] } };
    const file = join(dir, 'history.ndjson');

    const written = await writeHistoryFile(file, { suite: 'g0', parameters: history.parameters }, history);
    const read = await readHistoryFile(file);

    expect(read.records).toBe(written);
    expect(read.header).toMatchObject({ format: 'participation-history', version: 1, suite: 'g0' });
    expect(read.history).toEqual(history);
  });

  it('reads CRLF line ends, and lines and characters cut across the chunks it reads', async () => {
    // Prepare: a history whose operations name a process of multi-byte characters long enough
    // (about 3 MB each) for chunk boundaries to fall inside lines and inside characters
    const base = buildRunHistory({ users: 3 });
    const process = 'é✓'.repeat(600_000);
    const history = { ...base, operations: base.operations.map((op) => ({ ...op, process })) };
    const file = join(dir, 'history.ndjson');
    await writeHistoryFile(file, { suite: 'g0', parameters: history.parameters }, history);
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('\n', '\r\n'));

    const read = await readHistoryFile(file);

    expect(read.history).toEqual(history);
  });

  it('reads each record as its schema outputs it: unknown keys dropped, defaults applied', async () => {
    // Prepare: a status log with a key no schema knows, and a capacity item without its eventType
    const history = buildRunHistory({ capacity: 2, users: 3 });
    const file = join(dir, 'history.ndjson');
    await writeHistoryFile(file, { parameters: history.parameters }, history);
    const lines = (await readFile(file, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const log = lines.find((line) => line.kind === 'statusLog');
    const capacity = lines.find((line) => line.kind === 'capacity');
    log.record.note = 'from another tool';
    log.record.nested = { kept: false };
    delete capacity.record.eventType;
    await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);

    const read = await readHistoryFile(file);

    expect(read.history.final.statusLogs[0]).not.toHaveProperty('note');
    expect(read.history.final.statusLogs[0]).not.toHaveProperty('nested');
    expect(read.history.final.capacities[0]?.eventType).toBe(EventType.FIRST_COME);
    expect(read.history).toEqual(history);
  });

  it('writes one JSON object per line, the header first and the end line last', async () => {
    const history = buildRunHistory({ users: 2 });
    const file = join(dir, 'history.ndjson');

    await writeHistoryFile(file, { suite: 'core', parameters: history.parameters }, history);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');

    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ format: 'participation-history', suite: 'core' });
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ kind: 'end', record: { records: lines.length - 2 } });
    for (const line of lines.slice(1)) expect(Object.keys(JSON.parse(line))).toEqual(['kind', 'record']);
  });

  it('appends records as they come and counts them in the end line', async () => {
    const file = join(dir, 'history.ndjson');
    const writer = await openHistoryWriter(file, {
      parameters: { eventId: 'e', capacity: 1, maxReceiveCount: 3 },
    });
    writer.append({ kind: 'phase', record: { name: 'spike', startedAt: 1 } });
    writer.append({ kind: 'mainQueueDepth', record: { visible: 0, notVisible: 0 } });

    await expect(writer.close()).resolves.toBe(2);
    await expect(readHistoryFile(file)).resolves.toMatchObject({ records: 2, header: { suite: 'g0' } });
  });

  it.each([
    ['a line that is not JSON', '{"kind":"phase",', 3, /not JSON/],
    ['an unknown record kind', '{"kind":"teleport","record":{}}', 3, /unknown record kind "teleport"/],
    ['a record that breaks its schema', '{"kind":"sample","record":{"time":1}}', 3, /sample: phase/],
  ])('names the line of %s', async (_what, badLine, lineNumber, message) => {
    const file = join(dir, 'history.ndjson');
    await writeHistoryFile(file, { parameters: buildRunHistory().parameters }, buildRunHistory());
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(lineNumber - 1, 0, badLine);
    await writeFile(file, lines.join('\n'));

    const error = await readHistoryFile(file).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(HistoryFormatError);
    expect(error).toMatchObject({ line: lineNumber, message: expect.stringMatching(message) });
  });

  it('refuses a history without its end line: the run stopped mid-write', async () => {
    const file = join(dir, 'history.ndjson');
    await writeHistoryFile(file, { parameters: buildRunHistory().parameters }, buildRunHistory());
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${lines.slice(0, -1).join('\n')}\n`);

    await expect(readHistoryFile(file)).rejects.toThrow(/no end line/);
  });
});

describe('check on a recorded run folder', () => {
  it('re-judges a G0 folder with the verdicts the run printed', async () => {
    // Prepare: a recorded G0-shaped run (duplicates, poison, a DLQ share) and its in-run verdicts
    const history = buildSyntheticHistory({ requests: 3_000, poisonShare: 0.01 });
    const printed = checkAll(history, CHECKER_SUITES.g0);
    await writeHistoryFile(
      join(dir, 'history.ndjson'),
      { suite: 'g0', runId: 'g0-test', parameters: history.parameters },
      history,
    );

    // Act
    const outcome = await checkHistoryFile(dir);

    // Assess
    expect(outcome.suite).toBe('g0');
    expect(verdictLines(outcome.verdicts)).toEqual(verdictLines(printed.verdicts));
    expect(outcome.valid).toBe(true);
  });

  it('finds the violation a broken recorded history holds', async () => {
    const history = withRequest(buildSyntheticHistory({ requests: 500 }), syntheticRequestId(7), {
      status: Status.PROCESSING,
    });
    await writeHistoryFile(
      join(dir, 'history.ndjson'),
      { suite: 'g0', parameters: history.parameters },
      history,
    );

    const outcome = await checkHistoryFile(dir);

    expect(outcome.valid).toBe(false);
    expect(outcome.verdicts.filter((v) => v.valid === false).map((v) => v.id)).toEqual(
      expect.arrayContaining(['I3', 'I5']),
    );
  });

  it('re-judges with the fairness bound the run recorded in the header', async () => {
    const history = buildSyntheticHistory({ requests: 400, capacity: 40, reorderWindow: 400, seed: 3 });
    await writeRunHistory(dir, { suite: 'g0', runId: 'g0-bound', fairnessMaxInversionRate: 0 }, history);

    const outcome = await checkHistoryFile(dir);

    expect(outcome.header).toMatchObject({ runId: 'g0-bound', fairnessMaxInversionRate: 0 });
    expect(outcome.fairness.inversions).toBeGreaterThan(0);
    expect(outcome.verdicts.find((v) => v.id === 'I16')?.valid).toBe(false);
  });

  it('judges fairness only when a bound is configured', () => {
    expect(checkersFor('g0').map((c) => c.name)).not.toContain('checkFairness');
    expect(checkersFor('g0', 0.01).map((c) => c.name)).toContain('checkFairness');
    expect(() => checkersFor('nonsense')).toThrow(/unknown suite/);
  });
});
