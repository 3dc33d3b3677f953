import { describe, expect, it } from 'vitest';
import { queuedIndexKeys, Status, statusLogKey } from '../services/common';
import { expectCounterexample, expectVerdict } from './expect-verdict';
import type { History } from './history';
import { checkQueuedAtOnce } from './queued-at-once';
import { buildRequestTrail, buildRunHistory, requestIdFor, T0, withFinal, withRequest } from './test-helpers';

describe('checkQueuedAtOnce (I4)', () => {
  it('accepts queuedAt and index keys written once and read back unchanged', () => {
    // Prepare
    const history = buildRunHistory({ users: 5, poisonUsers: 1 });

    // Act
    const verdict = checkQueuedAtOnce(history);

    // Assess
    expectVerdict(verdict, true, { requests: 6, queuedRequests: 6, rewrittenQueuedAt: 0 });
  });

  it('accepts a request that failed from RECEIVED without queuedAt or index keys', () => {
    const trail = buildRequestTrail({
      requestId: requestIdFor(1),
      userId: 'u',
      path: [Status.RECEIVED, Status.FAILED_FINAL],
    });
    const history = withFinal(buildRunHistory({ users: 0 }), {
      requests: [trail.request],
      statusLogs: trail.logs,
    });

    expect(checkQueuedAtOnce(history).valid).toBe(true);
  });

  it('reports a rewritten queuedAt seen by a later observation, quoting both readings', () => {
    // Prepare: a later reading shows queuedAt (and GSI2SK) moved by a second
    const base = buildRunHistory({ users: 2 });
    const requestId = requestIdFor(2);
    const original = base.final.requests.find((r) => r.requestId === requestId);
    const rewrittenAt = (original?.queuedAt ?? 0) + 1_000;
    const rewritten = {
      time: T0 + 100_000,
      requestId,
      status: Status.SUCCEEDED,
      queuedAt: rewrittenAt,
      GSI2SK: queuedIndexKeys({ requestId, eventId: 'evt-g0', userId: 'user-1', queuedAt: rewrittenAt })
        .GSI2SK,
    };
    const history: History = { ...base, observations: [...base.observations, rewritten] };

    // Act
    const verdict = checkQueuedAtOnce(history);

    // Assess
    expectVerdict(verdict, false, { rewrittenQueuedAt: 1, rewrittenGsi2sk: 1 });
    expect(verdict.counterexamples).toContainEqual({
      kind: 'queuedAtRewritten',
      requestId,
      observations: [expect.objectContaining({ queuedAt: original?.queuedAt }), rewritten],
      finalValue: original?.queuedAt,
    });
  });

  it('reports a final queuedAt that differs from the QUEUED log and the index keys', () => {
    const base = buildRunHistory({ users: 2 });
    const original = base.final.requests[0];
    const history = withRequest(base, requestIdFor(1), { queuedAt: (original?.queuedAt ?? 0) + 7 });

    const verdict = checkQueuedAtOnce(history);

    expect(verdict.valid).toBe(false);
    const kinds = verdict.counterexamples.map((c) => (c as { kind: string }).kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['queuedLogMismatch', 'indexKeysMismatch', 'queuedAtRewritten']),
    );
  });

  it('reports a second QUEUED log', () => {
    const base = buildRunHistory({ users: 1 });
    const requestId = requestIdFor(1);
    const again = {
      ...statusLogKey(requestId, T0 + 30_000, Status.QUEUED),
      entityType: 'STATUS_LOG' as const,
      fromStatus: Status.RECEIVED,
      toStatus: Status.QUEUED,
      occurredAt: T0 + 30_000,
      attempt: 0,
      ttl: 0,
    };
    const history = withFinal(base, { statusLogs: [...base.final.statusLogs, again] });

    const verdict = checkQueuedAtOnce(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'queuedLogMismatch', queuedLogs: expect.arrayContaining([again]) }),
    );
  });

  it('reports a processed request without queuedAt', () => {
    const history = withRequest(buildRunHistory({ users: 1 }), requestIdFor(1), { queuedAt: undefined });

    const verdict = checkQueuedAtOnce(history);

    expect(verdict.counts.missingQueuedAt).toBe(1);
    expectCounterexample(verdict, {
      kind: 'missingQueuedAt',
      request: expect.objectContaining({ requestId: requestIdFor(1) }),
    });
  });
});
