/**
 * Conformance mode proven on foreign surfaces: the reference services and a mutant of their
 * worker started only by shell commands from a system file, and a second implementation in
 * Python whose surfaces differ (another login, nested timestamps, an extra 202 field, no
 * status-log items, no admin routes). The reference passes, the mutant is caught by I1 with a
 * counterexample, and the Python system passes every check it can feed, with I14 unknown and
 * the reason given. G1 runs on the analytics path the reference declares (its own delivery
 * process) and answers unknown where none is declared.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkHistoryFile } from '../../invariants/check-history';
import { createProgress } from '../runner/progress';
import { openRunHistory, runParameters } from '../runner/run-history';
import { openExternalSystem } from '../system/external-system';
import { systemSource } from '../system/open-system';
import { readSystemFile, type SystemFile } from '../system/system-file';
import type { SystemUnderTest } from '../system/system-under-test';
import { chaosRows, conformanceScenarios, declaresAnalytics, g1Rows } from './conformance-chaos';
import { type FixtureKind, writeFixtureSystem } from './external-fixtures';
import { conformanceEventId, runConformance } from './run-conformance';

const target = inject('awsTarget');
const root = join(import.meta.dirname, '../..');
const opened: SystemUnderTest[] = [];

const fixtureFolder = (kind: FixtureKind) =>
  join(root, '.stack', 'conformance-test', `${kind}-${Date.now().toString(36)}`);

async function conform(kind: FixtureKind) {
  const folder = fixtureFolder(kind);
  const { path } = await writeFixtureSystem(kind, target, root, folder);
  const { system: file, folder: systemFolder } = readSystemFile(path);
  const progress = createProgress(Date.now(), () => {});
  const system = await openExternalSystem(file, { env: process.env, folder: systemFolder });
  opened.push(system);
  const runTag = kind.slice(0, 8);
  // The history as a conformance run writes it, into the fixture's folder as it goes.
  const history = await openRunHistory(folder, {
    suite: 'g0',
    parameters: runParameters(system, conformanceEventId(runTag), 8),
  });
  try {
    const outcome = await runConformance(
      system,
      { users: 24, capacity: 8, workers: 1, drainTimeoutSeconds: 90, runTag, history },
      progress,
    );
    await history.finish(outcome.history);
    return { ...outcome, folder };
  } finally {
    await history.abandon();
    await system.stop();
  }
}

/** A fixture as conformance mode opens it: from its system file, once per scenario. */
async function fixtureSource(kind: FixtureKind) {
  const folder = fixtureFolder(kind);
  const { path, system: file } = await writeFixtureSystem(kind, target, root, folder);
  return { kind, folder, file, source: systemSource(path, root) };
}
type Fixture = Awaited<ReturnType<typeof fixtureSource>>;

/** The chaos rows of conformance mode on a fixture, each scenario opening it behind its proxies. */
function conformChaos(fixture: Fixture, scenarios: string) {
  const options = {
    users: 20,
    seconds: 5,
    capacity: 8,
    seed: 7,
    runDir: fixture.folder,
    runTag: fixture.kind.slice(0, 8),
  };
  return chaosRows(
    fixture.source,
    conformanceScenarios(scenarios),
    options,
    createProgress(Date.now(), () => {}),
  );
}

/** The G1 rows, as main.ts decides them from `file` (the fixture's own unless given). */
function conformG1(fixture: Fixture, file: SystemFile = fixture.file) {
  const options = { root, runDir: fixture.folder, runTag: 'g1' };
  return g1Rows(
    fixture.source,
    declaresAnalytics(file),
    options,
    createProgress(Date.now(), () => {}),
  );
}

const brief = (
  verdicts: readonly { id: string; valid: unknown; summary: string; counterexamples: readonly unknown[] }[],
) =>
  JSON.stringify(
    verdicts.map(({ id, valid, summary }) => ({ id, valid, summary })),
    null,
    2,
  );

describe('conformance mode on systems the harness did not start itself', () => {
  it('passes the reference services started by shell commands', async () => {
    const outcome = await conform('reference');
    expect(outcome.valid, brief(outcome.verdicts)).toBe(true);
    expect(outcome.verdicts.find((v) => v.id === 'worker-kill')?.valid).toBe(true);
    // `check` re-judges the history.ndjson the run wrote as it went with the run's own verdicts.
    const rechecked = await checkHistoryFile(outcome.folder);
    const judged = (verdicts: readonly { id: string; valid: unknown; summary: string }[]) =>
      verdicts.map(({ id, valid, summary }) => ({ id, valid, summary }));
    const checkerIds = new Set(rechecked.verdicts.map((v) => v.id));
    expect(rechecked.verdicts.length).toBeGreaterThan(0);
    expect(judged(rechecked.verdicts)).toEqual(judged(outcome.verdicts.filter((v) => checkerIds.has(v.id))));
    expect(outcome.verdicts.filter((v) => !checkerIds.has(v.id)).map((v) => v.id)).toEqual([
      'depth-rise',
      'drain',
      'worker-kill',
    ]);
  });

  it('catches a bug-zoo mutant started the same way, with a counterexample', async () => {
    const outcome = await conform('mutant-skip-capacity-condition');
    const capacity = outcome.verdicts.find((v) => v.id === 'I1');
    expect(capacity?.valid, brief(outcome.verdicts)).toBe(false);
    expect(capacity?.counterexamples.length).toBeGreaterThan(0);
    expect(outcome.valid).toBe(false);
  });

  it('passes the Python implementation through its own surfaces, and says what it cannot judge', async () => {
    const outcome = await conform('python');
    const failed = outcome.verdicts.filter((v) => v.valid === false);
    expect(failed, brief(outcome.verdicts)).toEqual([]);
    const fencing = outcome.verdicts.find((v) => v.id === 'I14');
    expect(fencing?.valid).toBe('unknown');
    expect(fencing?.summary).toContain('no status-log items');
    expect(outcome.verdicts.find((v) => v.id === 'I3')?.title).toContain('observations only');
    expect(outcome.verdicts.find((v) => v.id === 'I13')?.valid).toBe(true);
    expect(outcome.history.operations.some((op) => op.type === 'ok' && op.requestId)).toBe(true);
  });

  it('runs a proxy scenario with the proxy between the commands-started reference and its SQS, and says which it cannot', async () => {
    const chaos = await conformChaos(await fixtureSource('reference'), 'duplicate-deliveries,process-kills');
    const duplicates = chaos.find((row) => row.id === 'chaos:duplicate-deliveries');
    expect(duplicates?.valid, brief(chaos)).toBe(true);
    const kills = chaos.find((row) => row.id === 'chaos:process-kills');
    expect(kills?.valid).toBe('unknown');
    expect(kills?.summary).toContain('no ingest start and kill commands');
  });

  it('answers unknown with the reason where the file lets no proxy in, and without an analytics path', async () => {
    const fixture = await fixtureSource('python');
    const chaos = await conformChaos(fixture, 'duplicate-deliveries');
    const g1 = await conformG1(fixture);
    expect(chaos.map((row) => row.valid)).toEqual(['unknown']);
    expect(chaos[0]?.summary).toContain('aws.endpointsFromEnvironment is not true');
    expect(g1.map((row) => [row.id, row.valid])).toEqual([['g1', 'unknown']]);
  });

  it('runs G1 on the analytics path the reference declares, its own delivery process, and passes', async () => {
    const fixture = await fixtureSource('reference');
    // The same system without the declaration: one unknown row, nothing run.
    const undeclared = await conformG1(fixture, {
      ...fixture.file,
      surfaces: { ...fixture.file.surfaces, analytics: false },
    });
    expect(undeclared.map((row) => [row.id, row.valid])).toEqual([['g1', 'unknown']]);
    const g1 = await conformG1(fixture);
    const row = (id: string) => g1.find((verdict) => verdict.id === id);
    expect(row('g1:I6a')?.valid, brief(g1)).toBe(true);
    expect(row('g1:I8')?.valid, brief(g1)).toBe(true);
    // Judged on delivered events, not on an empty bucket.
    expect(row('g1:I8')?.counts?.events).toBeGreaterThan(0);
    expect(
      g1.filter((verdict) => verdict.valid === false).map((verdict) => verdict.id),
      brief(g1),
    ).toEqual([]);
  });
});

afterAll(async () => {
  await Promise.all(opened.map((system) => system.stop().catch(() => {})));
});
