/**
 * Invariant 13, identity: the token's subject is the only identity. A participation naming
 * another userId in its body, query or headers is recorded for the subject; another user's
 * request reads as 404 (existence is not leaked); admin routes refuse a user token; `/me` lists
 * the caller's own QUEUED-or-later requests, all of them and nobody else's. Judged from the run's probes
 * (HTTP answers it recorded) against the final reads of the table.
 */
import { isVisibleToOwnerList, type RequestItem } from '../services/common';
import type { AccessProbe, History } from './history';
import { indexHistory, type RequestLookup } from './history-index';
import { judgedByViolations, nothingToJudge, type Verdict } from './verdict';

export function checkIdentity(history: History): Verdict {
  const probes = history.accessProbes ?? [];
  // The shared index; a listing probe scans the requests once for its subject (probes are few).
  const byId = indexHistory(history).requestsById;
  const counterexamples: unknown[] = [];
  const counts = { probes: probes.length, judged: 0, violations: 0 };
  const violate = (finding: Record<string, unknown>) => {
    counts.violations++;
    counterexamples.push(finding);
  };

  for (const probe of probes) {
    const finding = judgeProbe(probe, byId, history.final.requests);
    if (finding === 'unjudgeable') continue;
    counts.judged++;
    if (finding) violate(finding);
  }

  const title = "Identity: the token's subject is the only identity (body, query and headers ignored)";
  if (counts.judged === 0) {
    return nothingToJudge(
      'I13',
      title,
      probes.length === 0 ? 'the run sent no identity probe' : 'no probe could be judged',
      counts,
    );
  }
  return judgedByViolations({
    id: 'I13',
    title,
    violations: counts.violations,
    counterexamples,
    summaryIfValid: `${counts.judged} identity probes: every answer kept to the token's subject`,
    summaryIfInvalid: `${counts.violations} probe(s) acted as or showed another user`,
    counts,
  });
}

/** A finding for a violation, undefined when the probe held, 'unjudgeable' when it cannot say. */
function judgeProbe(
  probe: AccessProbe,
  byId: RequestLookup,
  requests: readonly RequestItem[],
): Record<string, unknown> | undefined | 'unjudgeable' {
  switch (probe.kind) {
    case 'claim-in-body':
    case 'claim-in-query':
    case 'claim-in-header': {
      if (probe.httpStatus !== 202 || probe.requestId === undefined) return 'unjudgeable';
      const request = byId.get(probe.requestId);
      if (!request) return 'unjudgeable';
      if (request.userId === probe.subject) return undefined;
      return {
        kind: 'participationRecordedForClaimedUser',
        probe: probe.kind,
        subject: probe.subject,
        claimedUserId: probe.claimedUserId,
        requestId: probe.requestId,
        recordedUserId: request.userId,
      };
    }
    case 'foreign-read':
      if (probe.httpStatus === undefined) return 'unjudgeable';
      return probe.httpStatus === 404
        ? undefined
        : {
            kind: 'foreignRequestReadable',
            subject: probe.subject,
            path: probe.path,
            httpStatus: probe.httpStatus,
          };
    case 'user-on-admin':
      if (probe.httpStatus === undefined) return 'unjudgeable';
      return probe.httpStatus === 401 || probe.httpStatus === 403
        ? undefined
        : {
            kind: 'adminRouteTookUserToken',
            subject: probe.subject,
            path: probe.path,
            httpStatus: probe.httpStatus,
          };
    case 'own-listing': {
      if (probe.httpStatus !== 200) return 'unjudgeable';
      for (const requestId of probe.requestIds) {
        const request = byId.get(requestId);
        if (request?.userId !== probe.subject) {
          return {
            kind: probe.askedUserId === undefined ? 'foreignRequestListed' : 'userIdFromQueryTrusted',
            subject: probe.subject,
            askedUserId: probe.askedUserId,
            requestId,
            owner: request?.userId ?? 'unknown',
          };
        }
        if (!isVisibleToOwnerList(request.status)) {
          return { kind: 'listedBeforeQueued', subject: probe.subject, requestId, status: request.status };
        }
      }
      if (probe.askedUserId !== undefined) return undefined;
      const listed = new Set(probe.requestIds);
      const missing = requests.find(
        (request) =>
          request.userId === probe.subject &&
          isVisibleToOwnerList(request.status) &&
          !listed.has(request.requestId),
      );
      if (!missing) return undefined;
      const { requestId, status, queuedAt, GSI1PK, GSI1SK } = missing;
      return {
        kind: 'ownRequestMissing',
        subject: probe.subject,
        request: { requestId, status, queuedAt, GSI1PK, GSI1SK },
      };
    }
  }
}
