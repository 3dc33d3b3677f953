/**
 * Invariant 11, order proof: ingest answers 202 only after the request is QUEUED (spec section
 * 3, steps 3-5). For every 202 the request's queuedAt is not later than the moment the client
 * received the answer, allowing the configured clock skew:
 *
 *   correct   ... SendMessage -> QUEUED (queuedAt) -> 202 ......... client sees 202 (time)
 *   broken    ... 202 ......... client sees 202 (time) ... SendMessage -> QUEUED (queuedAt)
 *
 * While the queue is unreachable no request can be QUEUED, so a 202 given then shows up here
 * too: its queuedAt comes after the answer, or never.
 */
import type { History } from './history';
import { indexHistory } from './history-index';
import { COUNTEREXAMPLE_LIMIT, nothingToJudge, type Verdict } from './verdict';

export function checkOrderProof(history: History): Verdict {
  const skewMs = history.parameters.clockSkewMs ?? 0;
  const { requestsById } = indexHistory(history);

  const counterexamples: unknown[] = [];
  let judged = 0;
  let unknownRequest = 0;
  let neverQueued = 0;
  let queuedAfterAnswer = 0;
  let worstLeadMs = 0;
  for (const op of history.operations) {
    if (op.type !== 'ok' || op.httpStatus !== 202 || op.requestId === undefined) continue;
    const request = requestsById.get(op.requestId);
    if (request === undefined) {
      unknownRequest++; // nothing-lost (I5) judges a 202 whose request does not exist
      continue;
    }
    judged++;
    const { queuedAt } = request;
    if (queuedAt === undefined) {
      neverQueued++;
      counterexamples.push({ kind: 'answered202NeverQueued', requestId: op.requestId, answeredAt: op.time });
      continue;
    }
    const leadMs = queuedAt - op.time;
    if (leadMs > skewMs) {
      queuedAfterAnswer++;
      worstLeadMs = Math.max(worstLeadMs, leadMs);
      counterexamples.push({
        kind: 'answered202BeforeQueued',
        requestId: op.requestId,
        userId: op.userId,
        answeredAt: op.time,
        queuedAt,
        queuedAfterAnswerMs: leadMs,
      });
    }
  }

  const violations = neverQueued + queuedAfterAnswer;
  const title = '202 only after QUEUED: every answered request was queued before its 202 reached the client';
  const counts = { answers202: judged, unknownRequest, neverQueued, queuedAfterAnswer, worstLeadMs, skewMs };
  if (judged === 0) {
    return nothingToJudge(
      'I11',
      title,
      'no 202 answer with a request in the table: nothing to judge',
      counts,
    );
  }
  return {
    id: 'I11',
    title,
    valid: violations === 0,
    summary:
      violations === 0
        ? `all ${judged} 202 answers came after their request's queuedAt (skew allowance ${skewMs} ms)`
        : `${queuedAfterAnswer} 202 answer(s) reached the client before the request was QUEUED (up to ${worstLeadMs} ms early), ${neverQueued} for a request never QUEUED`,
    counts,
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}
