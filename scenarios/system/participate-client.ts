/**
 * The harness's one client of the participation surface: a participation with a token, recorded
 * as a history operation (sentAt before, time after the answer) with the answer read through the
 * system's declared shape, and the same through the seam (the system's token for the user).
 * A client that finds no answer records info (outcome unknown), as Jepsen does. The load driver
 * keeps a transport of its own for participations (scenarios/load/http-target.ts, measured and
 * pooled) and takes its tokens from the system's token source like everyone else.
 */
import type { ParticipateOperation } from '../../invariants/history';
import { requestIdOf, unexpected202Fields } from './answer-shape';
import { type AnswerShape, SPEC_ANSWERS, type SystemUnderTest } from './system-under-test';

export async function participateWithToken(
  ingestUrl: string,
  token: string,
  eventId: string,
  userId: string,
  process: string,
  answers: AnswerShape = SPEC_ANSWERS,
): Promise<ParticipateOperation> {
  const sentAt = Date.now();
  const base = { f: 'participate', process, eventId, userId, sentAt } as const;
  try {
    const response = await fetch(`${ingestUrl}/events/${encodeURIComponent(eventId)}/participations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as unknown;
    const requestId = requestIdOf(body, answers);
    const time = Date.now();
    return {
      ...base,
      type: response.status === 202 ? 'ok' : 'fail',
      httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
      bodyHasStatus: unexpected202Fields(body, answers).length > 0,
      time,
      latencyMs: time - sentAt,
    };
  } catch {
    const time = Date.now();
    return { ...base, type: 'info', errorKind: 'other', time, latencyMs: time - sentAt };
  }
}

export async function participateThrough(
  system: SystemUnderTest,
  userId: string,
  eventId: string,
  process: string,
): Promise<ParticipateOperation> {
  let token: string;
  try {
    token = await system.tokenFor(userId);
  } catch {
    const time = Date.now();
    return {
      f: 'participate',
      process,
      eventId,
      userId,
      sentAt: time,
      type: 'fail',
      errorKind: 'login',
      time,
    };
  }
  return participateWithToken(system.ingestUrl, token, eventId, userId, process, system.answers);
}

/** GET /requests/{id} with the user's token: the request's status, or `HTTP <code>`. */
export async function readRequest(baseUrl: string, token: string, requestId: string) {
  const response = await fetch(`${baseUrl}/requests/${requestId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) return { status: `HTTP ${response.status}` };
  return (await response.json()) as {
    status: string;
    resultCode?: string | null;
    requestedAt?: number;
    queuedAt?: number | null;
    startedAt?: number | null;
    finishedAt?: number | null;
  };
}
