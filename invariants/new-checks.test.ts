/**
 * Invariants 11-14 and the orphan check, both directions: a correct history passes, a history
 * broken in exactly one way fails with a counterexample naming it, an empty one is unknown.
 */
import { describe, expect, it } from 'vitest';
import { ResultCode, Status, type StatusLogItem, statusLogKey } from '../services/common';
import { checkAttemptFencing } from './attempt-fencing';
import { checkHealthyOutcome } from './healthy-outcome';
import type { AccessProbe, History } from './history';
import { checkIdentity } from './identity';
import { checkNoStatusReversal } from './no-status-reversal';
import { checkObservedOrder } from './observed-order';
import { checkOrderProof } from './order-proof';
import { checkOrphanMessages } from './orphan-messages';
import {
  buildRequestTrail,
  buildRunHistory,
  requestIdFor,
  requestOf,
  T0,
  withFinal,
  withRequest,
} from './test-helpers';

const empty = (history: History): History =>
  withFinal({ ...history, operations: [] }, { requests: [], statusLogs: [], deadLetters: [] });

describe('I11 order proof', () => {
  it('passes when every 202 came after its queuedAt', () => {
    expect(checkOrderProof(buildRunHistory()).valid).toBe(true);
  });

  it('quotes a 202 that reached the client before the request was QUEUED', () => {
    const history = buildRunHistory();
    const id = requestIdFor(2);
    const answeredAt = history.operations.find((op) => op.requestId === id)?.time ?? 0;
    const verdict = checkOrderProof(withRequest(history, id, { queuedAt: answeredAt + 40 }));
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({
      kind: 'answered202BeforeQueued',
      requestId: id,
      queuedAfterAnswerMs: 40,
    });
  });

  it('quotes a 202 for a request that was never QUEUED', () => {
    const history = buildRunHistory();
    const verdict = checkOrderProof(withRequest(history, requestIdFor(3), { queuedAt: undefined }));
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ kind: 'answered202NeverQueued' });
  });

  it('allows the configured clock skew, and no more', () => {
    const history = buildRunHistory();
    const id = requestIdFor(2);
    const answeredAt = history.operations.find((op) => op.requestId === id)?.time ?? 0;
    const late = withRequest(history, id, { queuedAt: answeredAt + 40 });
    const skewed = (ms: number) => ({ ...late, parameters: { ...late.parameters, clockSkewMs: ms } });
    expect(checkOrderProof(skewed(50)).valid).toBe(true);
    expect(checkOrderProof(skewed(30)).valid).toBe(false);
  });

  it('is unknown with no 202 to judge', () => {
    expect(checkOrderProof(empty(buildRunHistory())).valid).toBe('unknown');
  });
});

describe('I12 healthy outcome', () => {
  it('passes when only declared poison failed', () => {
    expect(checkHealthyOutcome(buildRunHistory({ poisonUsers: 2 })).valid).toBe(true);
  });

  it('quotes a healthy request that ended FAILED_FINAL', () => {
    const history = buildRunHistory();
    const id = requestIdFor(1);
    const verdict = checkHealthyOutcome(
      withRequest(history, id, { status: Status.FAILED_FINAL, resultCode: ResultCode.FAILED_WORKER }),
    );
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ requestId: id, resultCode: 'FAILED_WORKER' });
  });

  it('excuses failures the scenario declared, by resultCode or by requestId', () => {
    const id = requestIdFor(1);
    const failed = withRequest(buildRunHistory(), id, {
      status: Status.FAILED_FINAL,
      resultCode: ResultCode.FAILED_INGEST_ENQUEUE,
    });
    const byCode = {
      ...failed,
      legitimateFailures: [{ reason: 'queue down', resultCodes: ['FAILED_INGEST_ENQUEUE'] }],
    };
    const byId = { ...failed, legitimateFailures: [{ reason: 'crashed on purpose', requestIds: [id] }] };
    expect(checkHealthyOutcome(byCode).valid).toBe(true);
    expect(checkHealthyOutcome(byId).valid).toBe(true);
  });

  it('is unknown with no final request', () => {
    expect(checkHealthyOutcome(empty(buildRunHistory())).valid).toBe('unknown');
  });
});

describe('I13 identity', () => {
  const history = buildRunHistory();
  const owned = requestOf(history, requestIdFor(1));
  const claim = (): AccessProbe => ({
    kind: 'claim-in-body',
    subject: owned.userId,
    claimedUserId: 'victim',
    eventId: owned.eventId,
    httpStatus: 202,
    requestId: owned.requestId,
    time: T0,
  });
  const probes = (extra: AccessProbe[]): History => ({
    ...history,
    accessProbes: [claim(), ...extra],
  });

  it("passes when every probe kept to the token's subject", () => {
    const verdict = checkIdentity(
      probes([
        {
          kind: 'foreign-read',
          subject: 'victim',
          path: `/requests/${owned.requestId}`,
          httpStatus: 404,
          time: T0,
        },
        {
          kind: 'user-on-admin',
          subject: owned.userId,
          path: '/admin/requests/x',
          httpStatus: 403,
          time: T0,
        },
        {
          kind: 'own-listing',
          subject: owned.userId,
          httpStatus: 200,
          requestIds: [owned.requestId],
          time: T0,
        },
      ]),
    );
    expect(verdict.valid).toBe(true);
    expect(verdict.counts.judged).toBe(4);
  });

  it('quotes a participation recorded for the userId named in the body', () => {
    const stolen = withRequest(history, owned.requestId, { userId: 'victim' });
    const verdict = checkIdentity({ ...stolen, accessProbes: [claim()] });
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({
      kind: 'participationRecordedForClaimedUser',
      recordedUserId: 'victim',
    });
  });

  it("quotes a readable foreign request, an admin route open to users and another user's listing", () => {
    const verdict = checkIdentity(
      probes([
        {
          kind: 'foreign-read',
          subject: 'victim',
          path: `/requests/${owned.requestId}`,
          httpStatus: 200,
          time: T0,
        },
        {
          kind: 'user-on-admin',
          subject: owned.userId,
          path: '/admin/requests/x',
          httpStatus: 200,
          time: T0,
        },
        {
          kind: 'own-listing',
          subject: 'victim',
          askedUserId: owned.userId,
          httpStatus: 200,
          requestIds: [owned.requestId],
          time: T0,
        },
      ]),
    );
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples.map((c) => (c as { kind: string }).kind)).toEqual([
      'foreignRequestReadable',
      'adminRouteTookUserToken',
      'userIdFromQueryTrusted',
    ]);
  });

  it('is unknown when the run sent no probe', () => {
    expect(checkIdentity(history).valid).toBe('unknown');
  });
});

describe('I14 attempt fencing', () => {
  const takeover = () =>
    buildRequestTrail({
      requestId: requestIdFor(9),
      userId: 'user-9',
      path: [Status.RECEIVED, Status.QUEUED, Status.PROCESSING, Status.PROCESSING, Status.SUCCEEDED],
      times: [T0, T0 + 2, T0 + 10, T0 + 5_000, T0 + 5_010],
    });
  const withTrail = (trail: ReturnType<typeof takeover>, logs: StatusLogItem[] = trail.logs): History => {
    const history = buildRunHistory();
    return withFinal(history, {
      requests: [...history.final.requests, trail.request],
      statusLogs: [...history.final.statusLogs, ...logs],
    });
  };

  it('passes a takeover that raised attempt and kept startedAt', () => {
    expect(checkAttemptFencing(withTrail(takeover())).valid).toBe(true);
  });

  it('quotes a takeover that did not raise attempt', () => {
    const trail = takeover();
    const logs = trail.logs.map((log) => (log.attempt === 2 ? { ...log, attempt: 1 } : log));
    const history = withTrail({ ...trail, request: { ...trail.request, attempt: 1 } }, logs);
    const verdict = checkAttemptFencing(history);
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({
      problem: 'attemptNotRaisedByOne',
      requestId: requestIdFor(9),
    });
  });

  it('quotes a startedAt reset by the takeover', () => {
    const trail = takeover();
    const verdict = checkAttemptFencing(
      withTrail({ ...trail, request: { ...trail.request, startedAt: T0 + 5_000 } }),
    );
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ problem: 'startedAtNotFirstProcessing' });
  });

  it('quotes a finishedAt that is not the final log time, and RECEIVED -> FAILED_FINAL without the enqueue failure', () => {
    const trail = takeover();
    expect(
      checkAttemptFencing(withTrail({ ...trail, request: { ...trail.request, finishedAt: T0 + 9_999 } }))
        .counterexamples[0],
    ).toMatchObject({ problem: 'finishedAtNotFinalLog' });
    const swept = buildRequestTrail({
      requestId: requestIdFor(8),
      userId: 'user-8',
      path: [Status.RECEIVED, Status.FAILED_FINAL],
      resultCode: ResultCode.FAILED_WORKER,
    });
    expect(checkAttemptFencing(withTrail(swept)).counterexamples[0]).toMatchObject({
      problem: 'receivedToFinalWithoutEnqueueFailure',
    });
  });

  it('orders logs by transition, not by clocks that disagree', () => {
    const trail = takeover();
    // The worker's clock runs 20 ms behind ingest's: its PROCESSING log predates QUEUED.
    const logs = trail.logs.map((log) =>
      log.toStatus === Status.QUEUED ? { ...log, occurredAt: T0 + 30 } : log,
    );
    expect(checkAttemptFencing(withTrail(trail, logs)).valid).toBe(true);
  });

  it('is unknown without status-log items', () => {
    expect(checkAttemptFencing(withFinal(buildRunHistory(), { statusLogs: [] })).valid).toBe('unknown');
  });
});

describe('I5b orphan messages', () => {
  it('passes when every dead letter names a known or declared request', () => {
    expect(checkOrphanMessages(buildRunHistory({ poisonUsers: 2 })).valid).toBe(true);
  });

  it('quotes a dead letter whose requestId has no request', () => {
    const history = buildRunHistory();
    const orphan = '11111111-2222-4333-8444-555555555555';
    const verdict = checkOrphanMessages(
      withFinal(history, {
        deadLetters: [
          {
            messageId: 'm-1',
            body: JSON.stringify({ requestId: orphan }),
            receiveCount: 4,
            requestId: orphan,
          },
        ],
      }),
    );
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ requestId: orphan });
  });

  it('is unknown when the run left neither requests nor dead letters', () => {
    expect(checkOrphanMessages(empty(buildRunHistory())).valid).toBe('unknown');
  });
});

describe('I13 identity: own listings are complete', () => {
  it("quotes a caller's QUEUED-or-later request missing from /me", () => {
    const history = buildRunHistory();
    const owned = requestOf(history, requestIdFor(1));
    const verdict = checkIdentity({
      ...history,
      accessProbes: [
        { kind: 'own-listing', subject: owned.userId, httpStatus: 200, requestIds: [], time: T0 },
      ],
    });
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ kind: 'ownRequestMissing', subject: owned.userId });
  });
});

describe('I3 from observations only', () => {
  it('passes readings that only move forward', () => {
    expect(checkObservedOrder(buildRunHistory()).valid).toBe(true);
  });

  it('quotes a request seen moving backwards', () => {
    const history = buildRunHistory();
    const id = requestIdFor(1);
    const verdict = checkObservedOrder({
      ...history,
      observations: [...history.observations, { time: T0 + 999_999, requestId: id, status: Status.QUEUED }],
    });
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples[0]).toMatchObject({ requestId: id, to: 'QUEUED' });
  });

  it('is unknown when no request was read', () => {
    expect(checkObservedOrder({ ...empty(buildRunHistory()), observations: [] }).valid).toBe('unknown');
  });
});

describe('I15 order across processes', () => {
  const trail = () =>
    buildRequestTrail({
      requestId: requestIdFor(7),
      userId: 'user-7',
      path: [Status.RECEIVED, Status.QUEUED, Status.PROCESSING, Status.SUCCEEDED],
      times: [T0, T0 + 5, T0 + 8, T0 + 12],
    });
  const withLogs = (logs: StatusLogItem[]): History => {
    const history = buildRunHistory();
    const { request } = trail();
    return withFinal(history, {
      requests: [...history.final.requests, request],
      statusLogs: [...history.final.statusLogs, ...logs],
    });
  };

  it('orders logs by their chain and reports a worker clock behind ingest as a clock inversion, not a reversal', () => {
    // The worker's clock runs 4 ms behind: its PROCESSING log is stamped before ingest's QUEUED.
    const logs = trail().logs.map((log) =>
      log.toStatus === Status.PROCESSING
        ? { ...log, ...statusLogKey(requestIdFor(7), T0 + 3, Status.PROCESSING), occurredAt: T0 + 3 }
        : log,
    );
    const verdict = checkNoStatusReversal(withLogs(logs));
    expect(verdict.valid).toBe(true);
    expect(verdict.counts.clockInversions).toBe(1);
    expect(verdict.summary).toContain('clock inversion');
    expect(verdict.clockInversions?.[0]).toMatchObject({ requestId: requestIdFor(7), behindMs: 2 });
  });

  it('still fails a real reversal', () => {
    const logs = [...trail().logs];
    const final = logs.at(-1) as StatusLogItem;
    logs.push({ ...final, fromStatus: Status.SUCCEEDED, toStatus: Status.PROCESSING, occurredAt: T0 + 20 });
    expect(checkNoStatusReversal(withLogs(logs)).valid).toBe(false);
  });
});
