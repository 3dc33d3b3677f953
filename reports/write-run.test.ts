import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aRunReport, aSample, T0, xmlProblems } from './test-helpers';
import { buildRunId, createRunFolder, writeRunReport } from './write-run';

describe('buildRunId', () => {
  it('stamps the run with UTC seconds and no colons', () => {
    expect(buildRunId('g0', new Date(T0))).toBe('g0-20261122T021500Z');
  });
});

describe('the run folder', () => {
  let base: string;
  let root: string;
  const clock = () => new Date(T0);

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'reports-'));
    root = path.join(base, 'runs');
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates a folder named by the clock, and never reuses one', async () => {
    const first = await createRunFolder(root, undefined, clock);
    const second = await createRunFolder(root, undefined, clock);

    expect(first).toBe(path.join(root, 'g0-20261122T021500Z'));
    expect(second).toBe(path.join(root, 'g0-20261122T021500Z-2'));
    await expect(createRunFolder(root, 'g0-20261122T021500Z')).rejects.toThrow(/EEXIST/);
    await expect(createRunFolder(root, '../escape')).rejects.toThrow(/plain file name/);
  });

  it('writes every file of the report and points latest at the run', async () => {
    // Prepare
    const dir = await createRunFolder(root, 'g0-a');
    const history = { samples: [aSample(0, { visible: 5 }), aSample(1, { visible: 9 })], operations: [] };

    // Act
    await writeRunReport(dir, aRunReport(), { history, files: { 'k6-summary.json': '{}' } });

    // Assess
    expect((await readdir(dir)).sort()).toEqual(
      ['history.json', 'junit.xml', 'k6-summary.json', 'report.md', 'results.json', 'timeline.svg'].sort(),
    );
    const latest = path.join(base, 'latest');
    expect((await lstat(latest)).isSymbolicLink()).toBe(true);
    expect(await readlink(latest)).toBe(path.join('runs', 'g0-a'));
    expect((await readFile(path.join(latest, 'report.md'), 'utf8')).startsWith('PASS — ')).toBe(true);
    const svg = await readFile(path.join(dir, 'timeline.svg'), 'utf8');
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('<polyline');
    const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
    expect(results).toMatchObject({
      runId: 'g0-20261122T021500Z',
      exitCode: 0,
      verdicts: [{ id: 'I1' }, { id: 'I10' }],
    });
    expect(JSON.parse(await readFile(path.join(dir, 'history.json'), 'utf8'))).toEqual(history);
  });

  it('moves latest to the newer run', async () => {
    const older = await createRunFolder(root, 'g0-older');
    const newer = await createRunFolder(root, 'g0-newer');

    await writeRunReport(older, aRunReport());
    await writeRunReport(newer, aRunReport({ valid: false }));

    expect(await readlink(path.join(base, 'latest'))).toBe(path.join('runs', 'g0-newer'));
    expect(await readdir(base)).toEqual(expect.arrayContaining(['latest', 'runs']));
    expect((await readdir(base)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const results = JSON.parse(await readFile(path.join(base, 'latest', 'results.json'), 'utf8'));
    expect(results.exitCode).toBe(1);
  });

  it('refuses extra files that would leave the folder or overwrite the report', async () => {
    const dir = await createRunFolder(root, 'g0-b');

    await expect(writeRunReport(dir, aRunReport(), { files: { '../x': '' } })).rejects.toThrow(
      /plain file name/,
    );
    await expect(writeRunReport(dir, aRunReport(), { files: { 'report.md': '' } })).rejects.toThrow(
      /overwrite/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
