/**
 * A harness killed with SIGKILL leaves its children behind; the next start must reap them,
 * grandchildren included (each child leads its own process group), and nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { processStartTicks, reapLeftovers } from './pid-registry';

const alive = (pid: number) => processStartTicks(pid) !== undefined;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('processes never outlive a run', () => {
  it('reaps the children (and their children) of a harness killed with SIGKILL', {
    timeout: 30_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pid-registry-'));
    const script = join(folder, 'harness.mts');
    writeFileSync(
      script,
      `import { startChild } from ${JSON.stringify(join(import.meta.dirname, 'child-process.ts'))};
const child = await startChild({
  name: 'fake-emulator',
  command: 'sh',
  args: ['-c', 'sleep 300 & echo grandchild $!; wait'],
  logFile: ${JSON.stringify(join(folder, 'child.log'))},
  isHealthy: async () => true,
  healthTimeoutMs: 5000,
});
console.log('child ' + child.pid);
setInterval(() => {}, 1000);
`,
    );
    const harness = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, PARTICIPATION_PID_DIR: join(folder, 'pids') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    harness.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => /child \d+/.test(output), 'the harness to start its child');
    const childPid = Number(/child (\d+)/.exec(output)?.[1]);
    const { readFileSync } = await import('node:fs');
    await waitFor(
      () => /grandchild \d+/.test(readFileSync(join(folder, 'child.log'), 'utf8')),
      'the grandchild',
    );
    const grandchildPid = Number(
      /grandchild (\d+)/.exec(readFileSync(join(folder, 'child.log'), 'utf8'))?.[1],
    );

    harness.kill('SIGKILL');
    await new Promise((resolve) => harness.once('exit', resolve));
    // The harness is gone and could not clean up: its child and grandchild are orphans now.
    expect(alive(childPid)).toBe(true);
    expect(alive(grandchildPid)).toBe(true);

    const reaped = reapLeftovers({ folder: join(folder, 'pids') });

    expect(reaped.map((child) => child.name)).toEqual(['fake-emulator']);
    await waitFor(() => !alive(childPid) && !alive(grandchildPid), 'the orphans to be gone');
    expect(reapLeftovers({ folder: join(folder, 'pids') })).toEqual([]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('leaves the children of a live harness alone', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pid-registry-'));
    writeFileSync(
      join(folder, `${process.pid}.json`),
      JSON.stringify({
        owner: process.pid,
        ownerTicks: processStartTicks(process.pid),
        children: [{ pid: process.pid, name: 'me', startTicks: processStartTicks(process.pid) }],
      }),
    );
    expect(reapLeftovers({ folder })).toEqual([]);
    expect(alive(process.pid)).toBe(true);
    rmSync(folder, { recursive: true, force: true });
  });
});
