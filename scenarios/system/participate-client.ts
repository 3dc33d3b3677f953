/**
 * One participation through the seam: the system's token for the user, its answer read through
 * the declared shape, recorded as a history operation (sentAt before, time after the answer).
 * A client that finds no answer records info (outcome unknown), as Jepsen does.
 */
import type { ParticipateOperation } from '../../invariants/history';
import { requestIdOf, unexpected202Fields } from './answer-shape';
import type { SystemUnderTest } from './system-under-test';

export async function participateThrough(
  system: SystemUnderTest,
  userId: string,
  eventId: string,
  process: string,
): Promise<ParticipateOperation> {
  const sentAt = Date.now();
  const base = { f: 'participate', process, eventId, userId, sentAt } as const;
  let token: string;
  try {
    token = await system.tokenFor(userId);
  } catch {
    return { ...base, type: 'fail', errorKind: 'login', time: Date.now() };
  }
  try {
    const response = await fetch(`${system.ingestUrl}/events/${encodeURIComponent(eventId)}/participations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => ({}))) as unknown;
    const requestId = requestIdOf(body, system.answers);
    const time = Date.now();
    return {
      ...base,
      type: response.status === 202 ? 'ok' : 'fail',
      httpStatus: response.status,
      ...(requestId ? { requestId } : {}),
      bodyHasStatus: unexpected202Fields(body, system.answers).length > 0,
      time,
      latencyMs: time - sentAt,
    };
  } catch {
    const time = Date.now();
    return { ...base, type: 'info', errorKind: 'other', time, latencyMs: time - sentAt };
  }
}
