import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestRunsOf } from './latest-runs';

describe('latestRunsOf', () => {
  let runs: string;
  beforeAll(async () => {
    runs = await mkdtemp(path.join(tmpdir(), 'runs-'));
    for (const name of [
      'g0-20261122T021500Z',
      'g0-20261122T031500Z',
      'g0-20261122T031500Z-2',
      'chaos-20261122T021500Z',
      'chaos-20261122T021500Z-worker-crash',
      'g1-20261122T021500Z',
    ])
      await mkdir(path.join(runs, name));
  });
  afterAll(() => rm(runs, { recursive: true, force: true }));

  it('takes the newest folder of each kind, the chaos summary rather than its scenarios', async () => {
    expect(await latestRunsOf(['g0', 'chaos', 'g1'], runs)).toEqual([
      path.join(runs, 'g0-20261122T031500Z-2'),
      path.join(runs, 'chaos-20261122T021500Z'),
      path.join(runs, 'g1-20261122T021500Z'),
    ]);
  });

  it('refuses a kind that has no run, rather than checking nothing', async () => {
    await expect(latestRunsOf(['gate'], runs)).rejects.toThrow(/no gate run/);
  });
});
