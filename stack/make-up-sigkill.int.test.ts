/**
 * Issue 16: killing `make up` with SIGKILL and running `make up` again leaves no orphan emulator.
 * Two kills a user does: `kill -9` of the whole `make up` process group (make, npm, tsx and the
 * CLI die at once, nobody cleans up: the next start must reap the emulators from the registry),
 * and `kill -9` of make alone (the CLI under it lives on headless: the next start must stop it).
 * The processes recorded are those of .stack/up.pids (the CLI) and of the CLI's pid registry
 * (every emulator and service it started).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import {
  isSameProcess,
  killGroup,
  type RecordedChild,
  reapLeftovers,
  registryFolder,
} from './embedded/pid-registry';

const root = join(import.meta.dirname, '..');
// The test runs after setup; -o keeps `make up` from reinstalling in the middle of it.
const MAKE = ['-o', '.tools/setup.stamp'];
const makes: ChildProcess[] = [];
const recorded: RecordedChild[] = [];

afterAll(() => {
  for (const make of makes) if (make.pid !== undefined) killGroup(make.pid, 'SIGKILL');
  for (const p of recorded) if (isSameProcess(p.pid, p.startTicks)) killGroup(p.pid, 'SIGKILL');
  reapLeftovers({ owners: recorded.map((p) => p.pid) });
});

/** `make up` in its own process group, as a shell with job control starts it; resolves once ready. */
async function makeUp(): Promise<{ make: ChildProcess; processes: RecordedChild[] }> {
  const make = spawn('make', [...MAKE, 'up'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  makes.push(make);
  let output = '';
  for (const stream of [make.stdout, make.stderr]) stream.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  while (!output.includes('[stack] ready.')) {
    if (make.exitCode !== null || Date.now() > deadline) throw new Error(`make up did not start:\n${output}`);
    await sleep(200);
  }
  const { leader, leaderTicks } = JSON.parse(readFileSync(join(root, '.stack', 'up.pids'), 'utf8'));
  const registry = JSON.parse(readFileSync(join(registryFolder(), `${leader}.json`), 'utf8'));
  const processes: RecordedChild[] = [
    { pid: leader, name: 'cli', startTicks: leaderTicks },
    ...registry.children,
  ];
  recorded.push(...processes);
  return { make, processes };
}

function pidOf(make: ChildProcess): number {
  if (make.pid === undefined) throw new Error('make did not start');
  return make.pid;
}

const running = (processes: readonly RecordedChild[]) =>
  processes.filter((p) => isSameProcess(p.pid, p.startTicks)).map((p) => `${p.name} ${p.pid}`);

it('make up after a SIGKILLed make up leaves nothing of the killed one; make down leaves nothing', {
  timeout: 240_000,
}, async () => {
  const first = await makeUp();
  expect(first.processes.map((p) => p.name)).toEqual(
    expect.arrayContaining(['cli', 'ministack', 'fauxqs', 'moto', 'ingest', 'worker']),
  );
  process.kill(-pidOf(first.make), 'SIGKILL');
  // Its children lead their own groups: the kill does not reach them, they are orphans now.
  expect(running(first.processes.slice(1))).toHaveLength(first.processes.length - 1);

  const second = await makeUp();
  expect(running(first.processes)).toEqual([]);

  process.kill(pidOf(second.make), 'SIGKILL');
  const third = await makeUp();
  expect(running(second.processes)).toEqual([]);

  execFileSync('make', [...MAKE, 'down'], { cwd: root, stdio: 'ignore' });
  expect(running(third.processes)).toEqual([]);
});
