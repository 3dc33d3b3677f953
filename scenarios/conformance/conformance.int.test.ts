/**
 * Conformance mode proven on foreign surfaces: the reference services and a mutant of their
 * worker started only by shell commands from a system file, and a second implementation in
 * Python whose surfaces differ (another login, nested timestamps, an extra 202 field, no
 * status-log items, no admin routes). The reference passes, the mutant is caught by I1 with a
 * counterexample, and the Python system passes every check it can feed, with I14 unknown and
 * the reason given.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createProgress } from '../runner/progress';
import { openExternalSystem } from '../system/external-system';
import { readSystemFile } from '../system/system-file';
import type { SystemUnderTest } from '../system/system-under-test';
import { type FixtureKind, writeFixtureSystem } from './external-fixtures';
import { runConformance } from './run-conformance';

const target = inject('awsTarget');
const root = join(import.meta.dirname, '../..');
const opened: SystemUnderTest[] = [];

async function conform(kind: FixtureKind) {
  const folder = join(root, '.stack', 'conformance-test', `${kind}-${Date.now().toString(36)}`);
  const { path } = await writeFixtureSystem(kind, target, root, folder);
  const { system: file, folder: systemFolder } = readSystemFile(path);
  const progress = createProgress(Date.now(), () => {});
  const system = await openExternalSystem(file, { env: process.env, folder: systemFolder });
  opened.push(system);
  try {
    return await runConformance(
      system,
      { users: 24, capacity: 8, workers: 1, drainTimeoutSeconds: 90, runTag: kind.slice(0, 8) },
      progress,
    );
  } finally {
    await system.stop();
  }
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
});

afterAll(async () => {
  await Promise.all(opened.map((system) => system.stop().catch(() => {})));
});
