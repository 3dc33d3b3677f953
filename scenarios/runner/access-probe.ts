/**
 * The identity probe every run performs (spec invariant 13): a few requests that try to act as,
 * or read, another user, recorded as AccessProbe records for the I13 checker.
 *
 *   claims (before the drain)   three probe users participate, each naming a victim elsewhere:
 *                               in the body, in the query string, in an X-User-Id header
 *   reads  (after the drain)    the victim reads a prober's request (404), a prober calls an
 *                               admin route (401/403), probers list /me, once with ?userId=victim
 *
 * It participates in an event of its own, so the run's seats and counts are not touched; its
 * participations are also ordinary operations, so every other invariant covers them too.
 */
import type { AccessProbe, ParticipateOperation } from '../../invariants/history';

type ClaimKind = 'claim-in-body' | 'claim-in-query' | 'claim-in-header';
const CLAIMS: readonly ClaimKind[] = ['claim-in-body', 'claim-in-query', 'claim-in-header'];

export interface ClaimsSent {
  readonly probes: AccessProbe[];
  readonly operations: ParticipateOperation[];
  /** Tokens by userId, for the reads after the drain. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly victim: string;
}

/** How the probe reaches the system: its URL, its tokens, where its 202 carries the requestId. */
export interface ProbeTarget {
  readonly baseUrl: string;
  tokenFor(userId: string): Promise<string>;
  requestIdOf(body: unknown): string | undefined;
  /** Which reads the system offers (a system without admin routes is not asked for them). */
  readonly surfaces: { readonly adminRoutes: boolean; readonly me: boolean };
}

export async function sendIdentityClaims(
  target: ProbeTarget,
  eventId: string,
  tag: string,
): Promise<ClaimsSent> {
  const { baseUrl } = target;
  const victim = `probe-${tag}-victim`;
  const tokens = new Map<string, string>([[victim, await target.tokenFor(victim)]]);
  const probes: AccessProbe[] = [];
  const operations: ParticipateOperation[] = [];
  for (const kind of CLAIMS) {
    const subject = `probe-${tag}-${kind.slice('claim-in-'.length)}`;
    const token = await target.tokenFor(subject);
    tokens.set(subject, token);
    const query = kind === 'claim-in-query' ? `?userId=${encodeURIComponent(victim)}` : '';
    const sentAt = Date.now();
    const answer = await send(`${baseUrl}/events/${encodeURIComponent(eventId)}/participations${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(kind === 'claim-in-header' ? { 'x-user-id': victim } : {}),
        ...(kind === 'claim-in-body' ? { 'content-type': 'application/json' } : {}),
      },
      ...(kind === 'claim-in-body' ? { body: JSON.stringify({ userId: victim }) } : {}),
    });
    const time = Date.now();
    const requestId = target.requestIdOf(answer.body);
    probes.push({
      kind,
      subject,
      claimedUserId: victim,
      eventId,
      httpStatus: answer.status,
      ...(requestId ? { requestId } : {}),
      time,
    });
    operations.push({
      f: 'participate',
      process: 'access-probe',
      eventId,
      userId: subject,
      type: answer.status === 202 ? 'ok' : answer.status === undefined ? 'info' : 'fail',
      ...(answer.status === undefined ? {} : { httpStatus: answer.status }),
      ...(requestId ? { requestId } : {}),
      bodyHasStatus: 'status' in answer.body,
      sentAt,
      time,
      latencyMs: time - sentAt,
    });
  }
  return { probes, operations, tokens, victim };
}

export async function readIdentityProbes(target: ProbeTarget, claims: ClaimsSent): Promise<AccessProbe[]> {
  const { baseUrl, surfaces } = target;
  const probes: AccessProbe[] = [];
  const tokenOf = (userId: string) => claims.tokens.get(userId) ?? '';
  const claimed = claims.probes.flatMap((probe) =>
    'requestId' in probe && probe.requestId ? [{ subject: probe.subject, requestId: probe.requestId }] : [],
  );
  for (const { subject, requestId } of claimed) {
    if (surfaces.me) probes.push(await listOwn(baseUrl, subject, tokenOf(subject)));
    const foreignPath = `/requests/${encodeURIComponent(requestId)}`;
    const foreign = await send(`${baseUrl}${foreignPath}`, { headers: auth(tokenOf(claims.victim)) });
    probes.push({
      kind: 'foreign-read',
      subject: claims.victim,
      path: foreignPath,
      httpStatus: foreign.status,
      time: Date.now(),
    });
    if (!surfaces.adminRoutes) continue;
    const adminPath = `/admin/requests/${encodeURIComponent(requestId)}`;
    const admin = await send(`${baseUrl}${adminPath}`, { headers: auth(tokenOf(subject)) });
    probes.push({
      kind: 'user-on-admin',
      subject,
      path: adminPath,
      httpStatus: admin.status,
      time: Date.now(),
    });
  }
  if (!surfaces.me) return probes;
  const first = claimed[0];
  if (first) probes.push(await listOwn(baseUrl, claims.victim, tokenOf(claims.victim), first.subject));
  probes.push(await listOwn(baseUrl, claims.victim, tokenOf(claims.victim)));
  return probes;
}

async function listOwn(
  baseUrl: string,
  subject: string,
  token: string,
  askedUserId?: string,
): Promise<AccessProbe> {
  const query = new URLSearchParams({ limit: '100', ...(askedUserId ? { userId: askedUserId } : {}) });
  const answer = await send(`${baseUrl}/me/participations?${query}`, { headers: auth(token) });
  const items = Array.isArray(answer.body.items) ? (answer.body.items as { requestId?: unknown }[]) : [];
  return {
    kind: 'own-listing',
    subject,
    ...(askedUserId ? { askedUserId } : {}),
    httpStatus: answer.status,
    requestIds: items.flatMap((item) => (typeof item.requestId === 'string' ? [item.requestId] : [])),
    time: Date.now(),
  };
}

function auth(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** One request; a network failure is an answer with no status (the probe is then not judged). */
async function send(
  url: string,
  init: RequestInit,
): Promise<{ status: number | undefined; body: Record<string, unknown> }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, body: body ?? {} };
  } catch {
    return { status: undefined, body: {} };
  }
}
