import { describe, expect, it } from 'vitest';
import { Status } from '../services/common';
import { expectVerdict } from './expect-verdict';
import { checkNoNegativeDelays } from './no-negative-delays';
import { buildRequestTrail, buildRunHistory, requestIdFor, withFinal, withRequest } from './test-helpers';

describe('checkNoNegativeDelays (I6)', () => {
  it('accepts ordered, complete timestamps on every final request', () => {
    // Prepare
    const history = buildRunHistory({ users: 5, poisonUsers: 2 });

    // Act
    const verdict = checkNoNegativeDelays(history);

    // Assess
    expectVerdict(verdict, true, { finalRequests: 7, negativeQueueDelay: 0, missingTimestamps: 0 });
  });

  it('accepts FAILED_FINAL from RECEIVED with only finishedAt', () => {
    const trail = buildRequestTrail({
      requestId: requestIdFor(1),
      userId: 'u',
      path: [Status.RECEIVED, Status.FAILED_FINAL],
    });
    const history = withFinal(buildRunHistory({ users: 0 }), { requests: [trail.request] });

    expect(checkNoNegativeDelays(history).valid).toBe(true);
  });

  it('reports a negative queue delay: startedAt before queuedAt, quoting the timestamps', () => {
    // Prepare: the worker started before the QUEUED write
    const base = buildRunHistory({ users: 2 });
    const request = base.final.requests[1];
    const queuedAt = request?.queuedAt ?? 0;
    const history = withRequest(base, requestIdFor(2), { startedAt: queuedAt - 1 });

    // Act
    const verdict = checkNoNegativeDelays(history);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.counts.negativeQueueDelay).toBe(1);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'negativeDelay',
      later: 'startedAt',
      earlier: 'queuedAt',
      request: expect.objectContaining({ requestId: requestIdFor(2), queuedAt, startedAt: queuedAt - 1 }),
    });
  });

  it('reports a negative end-to-end delay', () => {
    const base = buildRunHistory({ users: 1 });
    const queuedAt = base.final.requests[0]?.queuedAt ?? 0;
    const history = withRequest(base, requestIdFor(1), { finishedAt: queuedAt - 5 });

    const verdict = checkNoNegativeDelays(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counts.negativeE2eDelay).toBe(1);
  });

  it('reports a SUCCEEDED request without startedAt', () => {
    const history = withRequest(buildRunHistory({ users: 1 }), requestIdFor(1), { startedAt: undefined });

    const verdict = checkNoNegativeDelays(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counts.missingTimestamps).toBe(1);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'missingTimestamps', missing: ['startedAt'] }),
    );
  });
});
