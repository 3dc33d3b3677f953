import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Status } from '../services/common';
import { parseCliArgs } from './cli';
import type { History } from './history';
import { writeHistoryFile } from './history-writer';
import { CHECKER_SUITES, checkAll } from './index';
import { buildSyntheticHistory, syntheticRequestId } from './synthetic-history';
import { withRequest } from './test-helpers';

const cli = join(import.meta.dirname, 'cli.ts');
let dir: string;

function runCheck(target: string, env: Record<string, string> = {}, options: readonly string[] = []) {
  return spawnSync(process.execPath, ['--import', 'tsx', cli, 'check', target, ...options], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** A folder as a G0 run leaves it: its history.ndjson, named by the run. */
async function writeG0RunFolder(runId: string, history: History): Promise<string> {
  const run = join(dir, runId);
  await mkdir(run);
  await writeHistoryFile(
    join(run, 'history.ndjson'),
    { suite: 'g0', runId, parameters: history.parameters },
    history,
  );
  return run;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'check-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each case starts the command as its own process: slow on a busy machine, so a generous timeout.
describe('check (the command)', { timeout: 120_000 }, () => {
  it('exits 0 on a correct run folder, prints the table and writes results.json and junit.xml', async () => {
    const history = buildSyntheticHistory({ requests: 300 });
    const run = await writeG0RunFolder('good', history);

    const result = runCheck(run);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PASS {4}I1 /m);
    expect(result.stdout).toMatch(/fairness \(I16, measure\)/);
    const results = JSON.parse(await readFile(join(run, 'check', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ runId: 'good', suite: 'g0', valid: true, exitCode: 0 });
    expect(await readFile(join(run, 'check', 'junit.xml'), 'utf8')).toContain('failures="0" errors="0"');
  });

  it('exits 1 when an invariant is violated, and 2 when the fairness bound cannot be judged', async () => {
    const base = buildSyntheticHistory({ requests: 300 });
    const broken = withRequest(base, syntheticRequestId(3), { status: Status.PROCESSING });
    const file = join(dir, 'broken.ndjson');
    await writeHistoryFile(file, { parameters: base.parameters }, broken);
    const noSendTimes = { ...base, operations: base.operations.map(({ sentAt: _, ...op }) => op) };
    const unjudged = join(dir, 'unjudged.ndjson');
    await writeHistoryFile(unjudged, { parameters: base.parameters }, noSendTimes);

    expect(runCheck(file).status).toBe(1);
    expect(runCheck(unjudged).status).toBe(0);
    expect(runCheck(unjudged, { FAIRNESS_MAX_INVERSION_RATE: '0.01' }).status).toBe(2);
  });

  it('compares with the verdicts the run wrote, and --same-as-run fails when they differ', async () => {
    // Prepare: a run folder as a run leaves it, its history and its results.json
    const history = buildSyntheticHistory({ requests: 300 });
    const run = await writeG0RunFolder('rejudged', history);
    const verdicts = checkAll(history, CHECKER_SUITES.g0).verdicts.map(({ id, valid }) => ({ id, valid }));
    const writeResults = (recorded: readonly { id: string; valid: unknown }[]) =>
      writeFile(join(run, 'results.json'), JSON.stringify({ valid: true, verdicts: recorded }));

    await writeResults(verdicts);
    const agreeing = runCheck(run, {}, ['--same-as-run']);
    await writeResults(verdicts.map((v) => (v.id === 'I3' ? { ...v, valid: false } : v)));
    const disagreeing = runCheck(run, {}, ['--same-as-run']);
    const unbound = runCheck(run);
    await rm(join(run, 'results.json'));
    const nothingToCompare = runCheck(run, {}, ['--same-as-run']);

    expect(agreeing.status).toBe(0);
    expect(agreeing.stdout).toMatch(/^run: the same verdicts as the run$/m);
    expect(disagreeing.status).toBe(1);
    expect(disagreeing.stdout).toMatch(/^run: verdicts differ from the run; I3 was false, now true$/m);
    expect(unbound.status).toBe(0);
    expect(nothingToCompare.status).toBe(2);
    expect(nothingToCompare.stdout).toContain('no results.json with verdicts');
  });

  it('exits 2 with the line number when the history is cut short', async () => {
    const history = buildSyntheticHistory({ requests: 50 });
    const file = join(dir, 'cut.ndjson');
    await writeHistoryFile(file, { parameters: history.parameters }, history);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, `${lines.slice(0, -1).join('\n')}\n`);

    const result = runCheck(file);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`cut.ndjson:${lines.length - 1}: no end line`);
  });
});

describe('parseCliArgs', () => {
  it('reads the target, the options and the fairness bound', () => {
    expect(
      parseCliArgs(['check', 'runs/x', '--suite', 'g1', '--out', '/tmp/o'], {
        FAIRNESS_MAX_INVERSION_RATE: '0.05',
      }),
    ).toEqual({
      target: 'runs/x',
      suite: 'g1',
      out: '/tmp/o',
      maxInversionRate: 0.05,
    });
    expect(parseCliArgs(['check', 'runs/x', '--same-as-run'], {})).toEqual({
      target: 'runs/x',
      sameAsRun: true,
    });
  });

  it.each([[['judge', 'x']], [['check']], [['check', 'x', 'y']], [['check', 'x', '--suite']]])(
    'refuses %j with the usage',
    (argv) => {
      expect(() => parseCliArgs(argv, {})).toThrow(/usage|needs a value|unexpected/);
    },
  );

  it('refuses a bound that is no share', () => {
    expect(() => parseCliArgs(['check', 'x'], { FAIRNESS_MAX_INVERSION_RATE: '5%' })).toThrow(
      /between 0 and 1/,
    );
  });
});
