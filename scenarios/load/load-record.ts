/**
 * One iteration's record: the history operation (what the checkers read) plus what the summary
 * and the thresholds need. Pure: built from the answers of the iteration's two calls.
 *
 *   login -> participate     ok   202 with a requestId
 *                            fail a definite answer other than 202, a refused connection, or a
 *                                 failed login (the participation was never sent)
 *                            info no answer (timeout, reset): the request may exist
 */
import type { OperationOutcome, ParticipateOperation } from '../../invariants/history';
import type { Answer } from './http-target';

export interface LoadRecord {
  readonly operation: ParticipateOperation;
  /** HTTP requests the driver sent for this iteration (0 to 2: a token source's are not its own). */
  readonly requests: number;
  /** The k6 script's checks: 202, has requestId, no status field (or one failed 'login 200'). */
  readonly checksPassed: number;
  readonly checksTotal: number;
  /** Duration of the participation request alone (absent when it was never sent). */
  readonly participateMs?: number;
}

export interface IterationContext {
  readonly process: string;
  readonly eventId: string;
  readonly userId: string;
  /**
   * Open model: the epoch ms the arrival was due (whole ms, rounded down so it never passes the
   * answer's Date.now), and the monotonic time it was due. Latency is then measured from there,
   * not from the moment a late timer or a busy loop got to it.
   */
  readonly intended?: { readonly epochMs: number; readonly monotonicMs: number };
}

/** `requests`: what the failed login cost the driver (0 when the system's token source failed). */
export function recordFailedLogin(context: IterationContext, login: Answer, requests = 1): LoadRecord {
  const sentAt = context.intended?.epochMs ?? login.sentAt;
  return {
    operation: {
      ...operationOf(context, 'fail', login),
      errorKind: 'login',
      sentAt,
      time: login.answeredAt,
      latencyMs: login.answeredAt - sentAt,
    },
    requests,
    checksPassed: 0,
    checksTotal: 1,
  };
}

export function recordParticipation(
  context: IterationContext,
  answer: Answer,
  loginRequests = 1,
): LoadRecord {
  const body = isObject(answer.body) ? answer.body : undefined;
  const requestId = typeof body?.requestId === 'string' && body.requestId !== '' ? body.requestId : undefined;
  const bodyHasStatus = body !== undefined && Object.hasOwn(body, 'status');
  const type =
    answer.status === undefined
      ? answer.errorKind === 'refused'
        ? 'fail'
        : 'info'
      : answer.status === 202 && requestId !== undefined
        ? 'ok'
        : 'fail';
  const sentAt = context.intended?.epochMs ?? answer.sentAt;
  const latencyMs = context.intended
    ? answer.answeredMonotonicMs - context.intended.monotonicMs
    : answer.durationMs;
  const checks = [answer.status === 202, requestId !== undefined, !bodyHasStatus];
  return {
    operation: {
      ...operationOf(context, type, answer),
      ...(requestId === undefined ? {} : { requestId }),
      bodyHasStatus,
      ...(answer.errorKind === undefined ? {} : { errorKind: answer.errorKind }),
      sentAt,
      time: answer.answeredAt,
      latencyMs: round2(latencyMs),
    },
    requests: loginRequests + 1,
    checksPassed: checks.filter(Boolean).length,
    checksTotal: checks.length,
    participateMs: round2(answer.durationMs),
  };
}

/** Who sent what, and the HTTP status if an answer came: the start of every iteration's operation. */
function operationOf(context: IterationContext, type: OperationOutcome, answer: Answer) {
  return {
    f: 'participate' as const,
    process: context.process,
    eventId: context.eventId,
    userId: context.userId,
    type,
    ...(answer.status === undefined ? {} : { httpStatus: answer.status }),
  };
}

/** The access token of a login answer, if it is one. */
export function tokenOf(login: Answer): string | undefined {
  if (login.status !== 200 || !isObject(login.body)) return undefined;
  const token = login.body.accessToken;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
