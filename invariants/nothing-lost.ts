/**
 * I5 Nothing lost (spec section 6.5). After the drain every accepted requestId is final, or is
 * accounted for in the DLQ by a record naming it; the main queue is empty.
 *
 * Accepted = answered 202 with that requestId, or present as a request item (a 503 or a timeout
 * can still leave a RECEIVED request that the sweep must heal). Ingest writes the request before
 * it answers 202, so an answered requestId missing from the table is lost, DLQ record or not.
 * An 'info' answer (outcome unknown) may or may not have created a request: one that exists
 * must be final like any other; one that does not is only counted.
 */
import { isFinalStatus, lockKey, parseKey, type RequestItem } from '../services/common';
import { indexDeadLettersByName } from './group';
import type { History } from './history';
import { indexHistory } from './history-index';
import { judgedByViolations, type Verdict } from './verdict';

export function checkNothingLost(history: History): Verdict {
  const { requests, deadLetters, mainQueueDepth } = history.final;
  const { requestsById } = indexHistory(history);
  // Only 'info' answers without a requestId need the pairs; most runs have none.
  let pairsWithRequest: Set<string> | undefined;
  const pairHasRequest = (eventId: string, userId: string) => {
    pairsWithRequest ??= new Set(requests.map((r) => lockKey(r.eventId, r.userId).PK));
    return pairsWithRequest.has(lockKey(eventId, userId).PK);
  };
  // The first answer of each requestId missing from the table (no map of every answer: at 1M
  // requests that map alone is a visible share of the check).
  const lostAnswers = new Map<string, unknown>();
  const invalidItems: unknown[] = [];
  for (const op of history.operations) {
    if (op.type !== 'ok' || op.requestId === undefined || requestsById.has(op.requestId)) continue;
    if (!lostAnswers.has(op.requestId)) lostAnswers.set(op.requestId, op);
  }
  // A request item that fails its schema cannot prove the request final: a violation, quoted.
  // Its answer is reported with it, not a second time as lost.
  const invalidRequests = history.final.invalidRequests ?? [];
  for (const item of invalidRequests) {
    const key = parseKey({ PK: String(item.PK), SK: String(item.SK) });
    const answer = key.kind === 'request' ? lostAnswers.get(key.requestId) : undefined;
    if (key.kind === 'request') lostAnswers.delete(key.requestId);
    invalidItems.push({ kind: 'invalidRequestItem', item, ...(answer === undefined ? {} : { answer }) });
  }
  // I5 has always counted a dead letter as naming a request when its body holds the id, parsed or not.
  const deadLetterByName = indexDeadLettersByName(deadLetters, { bodyEvenWhenParsed: true });
  const counterexamples: unknown[] = [...invalidItems];
  const counts = {
    accepted: 0,
    requests: requests.length,
    final: 0,
    dlqAccounted: 0,
    lost: 0,
    notFinal: 0,
    infoOperations: 0,
    infoWithRequest: 0,
    infoWithoutRequest: 0,
    invalidRequestItems: invalidItems.length,
    mainQueueDepth: mainQueueDepth.visible + mainQueueDepth.notVisible,
  };

  for (const [requestId, answer] of lostAnswers) {
    counts.lost++;
    counterexamples.push({
      kind: 'lost',
      requestId,
      answer,
      deadLetter: deadLetterByName.get(requestId),
    });
  }
  // Accepted = answered or in the table: the table's requests plus the answered ones missing from it.
  counts.accepted = requestsById.size + counts.lost + invalidItems.length;
  for (const request of requests) {
    if (isFinalStatus(request.status)) {
      counts.final++;
    } else if (deadLetterByName.has(request.requestId)) {
      counts.dlqAccounted++;
    } else {
      counts.notFinal++;
      counterexamples.push({ kind: 'notFinal', request: quote(request) });
    }
  }

  for (const op of history.operations) {
    if (op.type !== 'info') continue;
    counts.infoOperations++;
    const exists =
      op.requestId !== undefined ? requestsById.has(op.requestId) : pairHasRequest(op.eventId, op.userId);
    if (exists) counts.infoWithRequest++;
    else counts.infoWithoutRequest++;
  }

  if (counts.mainQueueDepth !== 0) counterexamples.push({ kind: 'mainQueueNotEmpty', mainQueueDepth });

  const violations = counterexamples.length;
  return judgedByViolations({
    id: 'I5',
    title: 'Nothing lost: every accepted requestId is final or accounted for in the DLQ; the queue drained',
    violations,
    counterexamples,
    summaryIfValid: `${counts.accepted} accepted requestIds: ${counts.final} final, ${counts.dlqAccounted} in the DLQ, main queue empty`,
    summaryIfInvalid:
      `${counts.lost} lost, ${counts.notFinal} not final, ${counts.invalidRequestItems} request item(s) failing ` +
      `the request schema, main queue depth ${counts.mainQueueDepth} after the drain`,
    counts: { ...counts, violations },
  });
}

function quote(request: RequestItem): unknown {
  const { requestId, eventId, userId, status, requestedAt, queuedAt, startedAt, attempt } = request;
  return { requestId, eventId, userId, status, requestedAt, queuedAt, startedAt, attempt };
}
