import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFinalStatus, Status, statusLogKey, TRANSITION_RULES } from '../services/common';
import { expectCounterexample } from './expect-verdict';
import type { History } from './history';
import { checkNoStatusReversal } from './no-status-reversal';
import { buildRequestTrail, buildRunHistory, requestIdFor, T0, withFinal, withRequest } from './test-helpers';

const DONE = [Status.RECEIVED, Status.QUEUED, Status.PROCESSING, Status.SUCCEEDED];

function historyOf(trails: ReturnType<typeof buildRequestTrail>[]): History {
  const base = buildRunHistory({ users: 0 });
  return {
    ...withFinal(base, {
      requests: trails.map((t) => t.request),
      locks: trails.map((t) => t.lock),
      statusLogs: trails.flatMap((t) => t.logs),
    }),
    observations: trails.flatMap((t) => t.observations),
  };
}

describe('checkNoStatusReversal (I3)', () => {
  it('accepts logs that follow the transition table, including a takeover by a later attempt', () => {
    // Prepare
    const takeover = buildRequestTrail({
      requestId: requestIdFor(7),
      userId: 'user-7',
      path: [Status.RECEIVED, Status.QUEUED, Status.PROCESSING, Status.PROCESSING, Status.SUCCEEDED],
    });
    const base = buildRunHistory({ users: 4, poisonUsers: 1 });
    const history = historyOf([takeover]);

    // Act
    const verdicts = [checkNoStatusReversal(base), checkNoStatusReversal(history)];

    // Assess
    expect(verdicts.map((v) => v.valid)).toEqual([true, true]);
  });

  it('accepts RECEIVED and QUEUED logged in the same millisecond', () => {
    // The SKs sort QUEUED before RECEIVED on a tie; the checker must not read that as a reversal.
    const trail = buildRequestTrail({
      requestId: requestIdFor(1),
      userId: 'u',
      path: DONE,
      times: [T0, T0, T0 + 1, T0 + 2],
    });
    const inSkOrder = [...trail.logs].sort((a, b) => a.SK.localeCompare(b.SK));

    const verdict = checkNoStatusReversal(historyOf([{ ...trail, logs: inSkOrder }]));

    expect(inSkOrder[0]?.toStatus).toBe(Status.QUEUED);
    expect(verdict.valid).toBe(true);
  });

  it('reports a reversed log: SUCCEEDED then PROCESSING, quoting the logs', () => {
    // Prepare: after SUCCEEDED a later write took the request back to PROCESSING
    const trail = buildRequestTrail({
      requestId: requestIdFor(1),
      userId: 'u',
      path: [...DONE, Status.PROCESSING],
    });

    // Act
    const verdict = checkNoStatusReversal(historyOf([trail]));

    // Assess
    expect(verdict.counts.illegalSteps).toBe(1);
    expectCounterexample(verdict, {
      kind: 'illegalStep',
      requestId: requestIdFor(1),
      step: { index: 4, from: Status.SUCCEEDED, to: Status.PROCESSING },
      logs: trail.logs,
    });
  });

  it('reports a log whose fromStatus is not the previous toStatus', () => {
    const trail = buildRequestTrail({ requestId: requestIdFor(1), userId: 'u', path: DONE });
    const logs = trail.logs.map((l) =>
      l.toStatus === Status.PROCESSING ? { ...l, fromStatus: Status.RECEIVED } : l,
    );
    const history = historyOf([{ ...trail, logs }]);

    const verdict = checkNoStatusReversal(history);

    expectCounterexample(verdict, {
      kind: 'brokenChain',
      previous: expect.objectContaining({ toStatus: Status.QUEUED }),
      log: expect.objectContaining({ fromStatus: Status.RECEIVED, toStatus: Status.PROCESSING }),
    });
  });

  it('reports an item whose status is not the last log', () => {
    const history = withRequest(buildRunHistory({ users: 2 }), requestIdFor(1), {
      status: Status.PROCESSING,
    });

    const verdict = checkNoStatusReversal(history);

    expectCounterexample(verdict, {
      kind: 'statusDiffersFromLastLog',
      request: expect.objectContaining({ status: Status.PROCESSING }),
      lastLog: expect.objectContaining({ toStatus: Status.SUCCEEDED }),
    });
  });

  it('reports a log whose SK does not encode its occurredAt', () => {
    const trail = buildRequestTrail({ requestId: requestIdFor(1), userId: 'u', path: DONE });
    const [first, ...rest] = trail.logs;
    if (first === undefined) throw new Error('no logs');
    const misfiled = { ...first, SK: statusLogKey(requestIdFor(1), T0 + 999, Status.RECEIVED).SK };

    const verdict = checkNoStatusReversal(historyOf([{ ...trail, logs: [misfiled, ...rest] }]));

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({ kind: 'logKeyMismatch', log: misfiled });
  });

  it('reports a log whose occurredAt is no epoch ms instead of throwing', () => {
    const trail = buildRequestTrail({ requestId: requestIdFor(1), userId: 'u', path: DONE });
    const [first, ...rest] = trail.logs;
    if (first === undefined) throw new Error('no logs');
    const garbled = { ...first, occurredAt: -1 };

    const verdict = checkNoStatusReversal(historyOf([{ ...trail, logs: [garbled, ...rest] }]));

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({ kind: 'logKeyMismatch', log: garbled });
  });

  it('reports a request without any status log', () => {
    const trail = buildRequestTrail({ requestId: requestIdFor(1), userId: 'u', path: DONE });

    const verdict = checkNoStatusReversal(historyOf([{ ...trail, logs: [] }]));

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({ kind: 'requestWithoutLogs', request: trail.request });
  });

  it('reports an observation that saw the status go back', () => {
    const base = buildRunHistory({ users: 1 });
    const stale = { time: T0 + 100_000, requestId: requestIdFor(1), status: Status.QUEUED };
    const history: History = { ...base, observations: [...base.observations, stale] };

    const verdict = checkNoStatusReversal(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'finalStatusChanged', requestId: requestIdFor(1), after: stale }),
    );
  });

  it('reports an observed PROCESSING followed by QUEUED', () => {
    const requestId = requestIdFor(1);
    const trail = buildRequestTrail({
      requestId,
      userId: 'u',
      path: [Status.RECEIVED, Status.QUEUED, Status.PROCESSING],
    });
    const stale = { time: T0 + 50, requestId, status: Status.QUEUED };
    const history: History = { ...historyOf([trail]), observations: [...trail.observations, stale] };

    const verdict = checkNoStatusReversal(history);

    expectCounterexample(verdict, {
      kind: 'observedReversal',
      before: expect.objectContaining({ status: Status.PROCESSING }),
      after: expect.objectContaining({ status: Status.QUEUED }),
    });
  });

  it('accepts every path the transition table allows (random walks)', () => {
    const nextStatuses = (from: Status) => TRANSITION_RULES.filter((r) => r.from === from).map((r) => r.to);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (choices) => {
        // Prepare: walk the table from RECEIVED, one choice per step, until a final status
        const path: Status[] = [Status.RECEIVED];
        for (const choice of choices) {
          const current = path.at(-1) ?? Status.RECEIVED;
          if (isFinalStatus(current)) break;
          const options = nextStatuses(current);
          path.push(options[choice % options.length] ?? current);
        }
        const trail = buildRequestTrail({ requestId: requestIdFor(1), userId: 'u', path });

        // Act and Assess
        expect(checkNoStatusReversal(historyOf([trail])).valid).toBe(true);
      }),
    );
  });
});
