import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readHistoryFile } from '../../invariants/history-reader';
import { interruptWhenReady } from './interrupt-child';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-main-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const interruptRun = (signal: NodeJS.Signals) =>
  interruptWhenReady(join(import.meta.dirname, 'fixtures/interrupted-run-main.ts'), [root], signal);

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
