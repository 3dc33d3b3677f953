import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistoryFile } from '../../invariants/history-reader';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-main-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Starts the fixture run, waits for its `ready` line, sends `signal`; answers the exit code and the folder. */
async function interruptRun(signal: NodeJS.Signals): Promise<{ code: number | null; runDir: string }> {
  const fixture = join(import.meta.dirname, 'fixtures/interrupted-run-main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let runDir = '';
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('ready ')) continue;
    runDir = line.slice('ready '.length);
    child.kill(signal);
    break;
  }
  return { code: await exited, runDir };
}

describe('an interrupted run', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s exits %i with results.json unknown and the partial history left',
    async (signal, exit) => {
      const { code, runDir } = await interruptRun(signal);

      expect(code).toBe(exit);
      const results = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8'));
      expect(results).toMatchObject({ valid: 'unknown', interrupted: { signal } });
      const history = await readFile(join(runDir, 'history.ndjson'), 'utf8');
      expect(history.trimEnd().split('\n')).toHaveLength(2); // the header and the one operation
      await expect(readHistoryFile(join(runDir, 'history.ndjson'))).rejects.toThrow(/no end line/);
    },
    60_000,
  );
});
