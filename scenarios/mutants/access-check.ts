/**
 * The access rule of GET /me/participations (spec section 3): the list is the caller's own
 * requests, QUEUED and later, taken from the token, never from anything else the client sends.
 *
 *   own listing   every request of the caller that is QUEUED or later is listed, and nothing else
 *   probe         another user asks with ?userId=<owner>: nothing of the owner's may come back
 *
 * Pure, like the checkers in invariants/: the probes are HTTP answers recorded by the run, the
 * owners come from the final reads of the table.
 */
import { COUNTEREXAMPLE_LIMIT, type Verdict } from '../../invariants';
import { isVisibleToOwnerList, type RequestItem } from '../../services/common';

export interface ListingProbe {
  /** Whose token was sent. */
  readonly viewer: string;
  /** The userId the client put in the query string, if any. */
  readonly askedUserId?: string;
  readonly httpStatus: number;
  /** The requestIds the answer listed (one page; the runs stay far below its size). */
  readonly requestIds: readonly string[];
}

export function checkAccess(probes: readonly ListingProbe[], requests: readonly RequestItem[]): Verdict {
  const owners = new Map(requests.map((r) => [r.requestId, r.userId]));
  const counterexamples: unknown[] = [];
  const counts = { probes: probes.length, failedListings: 0, foreignListed: 0, ownMissing: 0 };

  for (const probe of probes) {
    if (probe.httpStatus !== 200) {
      counts.failedListings++;
      counterexamples.push({ kind: 'listingFailed', probe });
      continue;
    }
    for (const requestId of probe.requestIds) {
      const owner = owners.get(requestId);
      if (owner === probe.viewer) continue;
      counts.foreignListed++;
      counterexamples.push({
        kind: probe.askedUserId === undefined ? 'foreignRequestListed' : 'userIdFromQueryTrusted',
        viewer: probe.viewer,
        askedUserId: probe.askedUserId,
        requestId,
        owner: owner ?? 'unknown',
      });
    }
    if (probe.askedUserId !== undefined) continue;
    const listed = new Set(probe.requestIds);
    const own = requests.filter((r) => r.userId === probe.viewer && isVisibleToOwnerList(r.status));
    for (const request of own) {
      if (listed.has(request.requestId)) continue;
      counts.ownMissing++;
      const { requestId, status, queuedAt, GSI1PK, GSI1SK } = request;
      counterexamples.push({
        kind: 'ownRequestMissing',
        viewer: probe.viewer,
        request: { requestId, status, queuedAt, GSI1PK, GSI1SK },
      });
    }
  }

  const violations = counterexamples.length;
  return {
    id: 'access',
    title:
      "Access: /me/participations lists all of the caller's own QUEUED-or-later requests and nobody else's",
    valid: violations === 0,
    summary:
      violations === 0
        ? `${counts.probes} listings showed each caller exactly their own requests`
        : `${counts.foreignListed} foreign request(s) listed, ${counts.ownMissing} own request(s) missing, ${counts.failedListings} listing(s) failed`,
    counts: { ...counts, violations },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}
