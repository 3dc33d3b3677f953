/**
 * The listing probes of a stage: every participant lists their own requests, then the next
 * participant (or an outsider) asks for that participant's list through ?userId=. I13 reads them.
 */
import type { ParticipateOperation } from '../../invariants';
import type { AccessProbe } from '../../invariants/history';

/** A user who never participates: the viewer of a probe when a run has a single participant. */
const OUTSIDER = 'outsider';

/**
 * Every participant lists their own requests; then the next participant (or an outsider, when
 * there is only one) asks for that participant's list through ?userId=.
 */
export async function probeOwnListings(
  tokenOf: (userId: string) => Promise<string>,
  baseUrl: string,
  operations: readonly ParticipateOperation[],
): Promise<AccessProbe[]> {
  const participants = [...new Set(operations.map((op) => op.userId))];
  const probes: AccessProbe[] = [];
  for (const [i, owner] of participants.entries()) {
    probes.push(await listAs(tokenOf, baseUrl, owner));
    const other = participants.length > 1 ? participants[(i + 1) % participants.length] : OUTSIDER;
    probes.push(await listAs(tokenOf, baseUrl, other ?? OUTSIDER, owner));
  }
  return probes;
}

async function listAs(
  tokenOf: (userId: string) => Promise<string>,
  baseUrl: string,
  viewer: string,
  askedUserId?: string,
): Promise<AccessProbe> {
  const query = new URLSearchParams({ limit: '100', ...(askedUserId ? { userId: askedUserId } : {}) });
  const response = await fetch(`${baseUrl}/me/participations?${query}`, {
    headers: { authorization: `Bearer ${await tokenOf(viewer)}` },
  });
  const body = (await response.json().catch(() => ({}))) as { items?: { requestId?: unknown }[] };
  const requestIds = (body.items ?? []).flatMap((item) =>
    typeof item.requestId === 'string' ? [item.requestId] : [],
  );
  return {
    kind: 'own-listing',
    subject: viewer,
    ...(askedUserId ? { askedUserId } : {}),
    httpStatus: response.status,
    requestIds,
    time: Date.now(),
  };
}
