import { lstat, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aRunHistory, aRunReport, T0, xmlProblems } from './test-helpers';
import { buildRunId, createRunFolder, writeRunReport } from './write-run';

describe('buildRunId', () => {
  it('stamps the run with UTC seconds and no colons', () => {
    expect(buildRunId('g0', new Date(T0))).toBe('g0-20261122T021500Z');
  });
});

// Rendering charts to PNG takes seconds on a busy 2-core machine: a generous limit, no timing asserted.
describe('the run folder', { timeout: 60_000 }, () => {
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

  it('writes every file of the report, the charts as SVG and PNG, and points latest at the run', async () => {
    // Prepare
    const dir = await createRunFolder(root, 'g0-a');
    const history = { ...aRunHistory(), phases: aRunReport().phases };
    await writeFile(path.join(dir, 'spike-summary.txt'), 'driver spike (closed): 600 iterations\n');
    await writeFile(path.join(dir, 'worker-1.log'), '{}\n');

    // Act
    await writeRunReport(dir, aRunReport(), { history, files: { 'records.ndjson': '{}' }, lang: 'en' });

    // Assess
    const charts = ['timeline', 'latency', 'outcomes'].flatMap((c) => [`${c}.svg`, `${c}.png`]);
    expect((await readdir(dir)).sort()).toEqual(
      [
        'history.json',
        'junit.xml',
        'records.ndjson',
        'report.html',
        'report.md',
        'results.json',
        'spike-summary.txt',
        'worker-1.log',
        ...charts,
      ].sort(),
    );
    const latest = path.join(base, 'latest');
    expect((await lstat(latest)).isSymbolicLink()).toBe(true);
    expect(await readlink(latest)).toBe(path.join('runs', 'g0-a'));
    const md = await readFile(path.join(latest, 'report.md'), 'utf8');
    expect(md.startsWith('**PASS — ')).toBe(true);
    expect(md).toContain('![G0 acceptance run: queue depth and capacity](timeline.png)');
    expect(md).toContain('driver spike (closed): 600 iterations');
    expect(md).toContain('[worker-1.log](worker-1.log)');
    const png = await readFile(path.join(dir, 'timeline.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const svg = await readFile(path.join(dir, 'timeline.svg'), 'utf8');
    expect(xmlProblems(svg)).toEqual([]);
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    expect(html.match(/<img alt="[^"]*" src="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
    const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8'));
    expect(results).toMatchObject({
      runId: 'g0-20261122T021500Z',
      exitCode: 0,
      verdicts: [{ id: 'I1' }, { id: 'I10' }],
    });
    expect(JSON.parse(await readFile(path.join(dir, 'history.json'), 'utf8'))).toEqual(history);
    expect(await readFile(path.join(dir, 'junit.xml'), 'utf8')).toContain('tests="2" failures="0"');
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
    await expect(writeRunReport(dir, aRunReport(), { files: { 'timeline.png': '' } })).rejects.toThrow(
      /overwrite/,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});
