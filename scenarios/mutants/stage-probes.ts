/**
 * The access probes of a stage, which I13 reads: the identity claims every run sends
 * (scenarios/runner/access-probe.ts) and the listing probes, in which every participant lists
 * their own requests, then the next participant (or an outsider) asks for that participant's
 * list through ?userId=.
 */
import type { ParticipateOperation } from '../../invariants';
import type { AccessProbe } from '../../invariants/history';
import {
  type ClaimsSent,
  type ProbeTarget,
  readIdentityProbes,
  sendIdentityClaims,
} from '../runner/access-probe';
import { requestIdOf } from '../system/answer-shape';
import { SPEC_ANSWERS } from '../system/system-under-test';

/** How the probes reach the stage's ingest: its URL, and a token for any user. */
export interface StageIngestAccess {
  readonly baseUrl: string;
  readonly tokenOf: (userId: string) => Promise<string>;
}

/** The identity claims, sent while workers run, in an event of their own (`eventId`). */
export function sendStageClaims(
  access: StageIngestAccess,
  eventId: string,
  tag: string,
): Promise<ClaimsSent> {
  return sendIdentityClaims(probeTarget(access), eventId, tag);
}

/** After the drain: the listings of the stage's participants, then the reads of the claims sent. */
export async function readStageProbes(
  access: StageIngestAccess,
  operations: readonly ParticipateOperation[],
  claims: ClaimsSent | undefined,
): Promise<AccessProbe[]> {
  const listings = await probeOwnListings(access.tokenOf, access.baseUrl, operations);
  return [...listings, ...(claims ? await readIdentityProbes(probeTarget(access), claims) : [])];
}

/** The stage runs the reference ingest: the contract's answers, every surface. */
function probeTarget(access: StageIngestAccess): ProbeTarget {
  return {
    baseUrl: access.baseUrl,
    tokenFor: access.tokenOf,
    requestIdOf: (body) => requestIdOf(body, SPEC_ANSWERS),
    surfaces: { adminRoutes: true, me: true },
  };
}

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
