/**
 * The one way a runner names its run and makes its folder: `<kind>-<UTC stamp>` under
 * reports/runs, with a suffix when a run of the same second exists (a run never overwrites
 * another).
 */
import { join } from 'node:path';
import { buildRunId, createRunFolder } from '../../reports/write-run';
import { markInterruptible } from './run-main';

export interface RunFolder {
  readonly runId: string;
  readonly runDir: string;
}

export async function newRunFolder(root: string, kind: string, startedAt = Date.now()): Promise<RunFolder> {
  const base = buildRunId(kind, new Date(startedAt));
  for (let attempt = 1; ; attempt++) {
    const runId = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      const runDir = await createRunFolder(join(root, 'reports/runs'), runId);
      // An interrupted run still leaves results.json (unknown) in its folder.
      markInterruptible(runDir, runId);
      return { runId, runDir };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw err;
    }
  }
}
