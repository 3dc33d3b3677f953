/** The harness's own HTTP client for the sample requests of the runbook (its Postman step). */
import type { ParticipateOperation } from '../../invariants/history';

export async function loginAs(baseUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (response.status !== 200) {
    throw new Error(
      `login of ${userId} answered ${response.status}: ${await response.text()} (check TOKEN_SECRET)`,
    );
  }
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function participateOnce(
  baseUrl: string,
  token: string,
  eventId: string,
  userId: string,
  process: string,
): Promise<ParticipateOperation> {
  const started = Date.now();
  try {
    const response = await fetch(`${baseUrl}/events/${encodeURIComponent(eventId)}/participations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
    return {
      f: 'participate',
      process,
      eventId,
      userId,
      type: response.status === 202 ? 'ok' : 'fail',
      httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
      bodyHasStatus: 'status' in body,
      sentAt: started,
      time: Date.now(),
      latencyMs: Date.now() - started,
    };
  } catch {
    return {
      f: 'participate',
      process,
      eventId,
      userId,
      type: 'info',
      sentAt: started,
      time: Date.now(),
      latencyMs: Date.now() - started,
    };
  }
}

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
