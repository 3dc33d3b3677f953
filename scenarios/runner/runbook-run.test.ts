/**
 * A runbook says its failed steps one way: the steps verdict first among the verdicts, the
 * failedSteps in the history's end line, and `check` on the finished folder repeats the verdicts
 * the run gave (G1 as G0); the last printed line names the steps.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkHistoryFile } from '../../invariants/check-history';
import { buildRunHistory } from '../../invariants/test-helpers';
import { endLine } from './run-main';
import { openRunbookHistory } from './runbook-run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runbook-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// What the parameters and the checkers read of a system: the reference's status-log items.
const reference = { resources: { maxReceiveCount: 3 }, clockSkewMs: 0, surfaces: { statusLogs: true } };

describe('a runbook history', () => {
  it.each([
    ['g0', ['drain']],
    ['g1', ['spike', 'drain']],
    ['g1', []],
  ] as const)(
    '%s with failed steps %j: judged steps first, and check repeats the verdicts',
    async (suite, steps) => {
      const recorded = buildRunHistory({ users: 4, poisonUsers: 1 });
      const opened = await openRunbookHistory(
        { suite, runId: `${suite}-run`, runDir: dir, startedAt: 1 },
        reference,
        {
          eventId: recorded.parameters.eventId,
          capacity: recorded.parameters.capacity,
        },
      );

      const judged = opened.judge(recorded, steps);
      await opened.finish(recorded, judged);

      expect(judged.verdicts[0]).toMatchObject({ id: 'steps', valid: steps.length === 0 });
      const checked = await checkHistoryFile(dir);
      expect(checked.header.failedSteps).toEqual(steps);
      expect(checked.verdicts.map((v) => [v.id, v.valid])).toEqual(
        judged.verdicts.map((v) => [v.id, v.valid]),
      );
      expect(checked.valid).toBe(judged.valid);
    },
  );

  it("puts the run's own verdicts after the suite", async () => {
    const recorded = buildRunHistory({ users: 2 });
    const opened = await openRunbookHistory(
      { suite: 'g1', runId: 'g1-run', runDir: dir, startedAt: 1 },
      reference,
      {
        eventId: recorded.parameters.eventId,
        capacity: recorded.parameters.capacity,
      },
    );
    const swallow = {
      id: 'swallow',
      title: 'Swallow',
      valid: false,
      summary: 'no',
      counts: {},
      counterexamples: [],
    };

    const judged = opened.judge(recorded, [], [swallow]);
    await opened.history.abandon();

    expect(judged.verdicts.at(-1)).toBe(swallow);
    expect(judged.valid).toBe(false);
  });
});

describe('the last printed line', () => {
  it('names the failed steps, and says nothing of steps when none failed', () => {
    expect(endLine('r/report.md', 1, ['spike', 'drain'])).toBe(
      'report: r/report.md (reports/latest); exit 1; failed steps: spike, drain',
    );
    expect(endLine('r/report.md', 0, [])).toBe('report: r/report.md (reports/latest); exit 0');
  });
});
