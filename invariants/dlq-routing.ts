/**
 * I7 DLQ routing (spec section 6.7): a poison message reaches the DLQ after exactly
 * maxReceiveCount receives and never produces SUCCEEDED.
 *
 * SQS keeps ApproximateReceiveCount when the redrive policy moves a message, and every read of
 * the DLQ adds to it (the DLQ handler's, the harness's; fauxqs also counts the receive that
 * triggered the move):
 *
 *   main queue: receive 1 .. receive maxReceiveCount --redrive--> DLQ: reads (+1 each)
 *
 * so from outside only the lower bound is observable: a count below maxReceiveCount means the
 * message was dead-lettered early. That it moved after exactly maxReceiveCount receives is
 * proven by the worker's integration test against the emulator.
 * "Never SUCCEEDED" is checked on the final item, its status logs and every observation.
 * Dead letters naming no known request (unparseable, not ours) are counted, not judged.
 */
import { requestKey, Status } from '../services/common';
import { indexDeadLettersByName, requestIdsIn } from './group';
import type { DeadLetter, History } from './history';
import { indexHistory } from './history-index';
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

export function checkDlqRouting(history: History): Verdict {
  const { maxReceiveCount } = history.parameters;
  const { deadLetters, requests, statusLogs } = history.final;
  const poisonIds = history.poisonRequestIds ?? [];
  const { requestsById } = indexHistory(history);
  const knownIds = new Set([...requestsById.keys(), ...poisonIds]);
  const succeededIds = new Set([
    ...requests.filter((r) => r.status === Status.SUCCEEDED).map((r) => r.requestId),
    ...history.observations.filter((o) => o.status === Status.SUCCEEDED).map((o) => o.requestId),
  ]);
  const succeededLogPks = new Set(statusLogs.filter((l) => l.toStatus === Status.SUCCEEDED).map((l) => l.PK));
  const everSucceeded = (requestId: string) =>
    succeededIds.has(requestId) || succeededLogPks.has(requestKey(requestId).PK);

  const counterexamples: unknown[] = [];
  const reportedSucceeded = new Set<string>();
  const counts = {
    maxReceiveCount,
    deadLetters: deadLetters.length,
    knownDeadLetters: 0,
    unknownDeadLetters: 0,
    receiveCountMismatches: 0,
    succeededPoisonOrDeadLetters: 0,
    poisonRequests: poisonIds.length,
    poisonInDlq: 0,
  };

  for (const deadLetter of deadLetters) {
    const requestId = namedRequestId(deadLetter, knownIds);
    if (requestId === undefined) {
      counts.unknownDeadLetters++;
      continue;
    }
    counts.knownDeadLetters++;
    const receives = deadLetter.receiveCount;
    if (receives < maxReceiveCount) {
      counts.receiveCountMismatches++;
      counterexamples.push({ kind: 'deadLetteredEarly', maxReceiveCount, deadLetter });
    }
    if (everSucceeded(requestId)) {
      reportedSucceeded.add(requestId);
      counts.succeededPoisonOrDeadLetters++;
      counterexamples.push({ kind: 'deadLetterSucceeded', deadLetter, request: requestsById.get(requestId) });
    }
  }

  const deadLetterByName = indexDeadLettersByName(deadLetters, { bodyEvenWhenParsed: false });
  for (const requestId of poisonIds) {
    const deadLetter = deadLetterByName.get(requestId);
    if (deadLetter === undefined) counterexamples.push({ kind: 'poisonNotInDlq', requestId });
    else counts.poisonInDlq++;
    if (everSucceeded(requestId) && !reportedSucceeded.has(requestId)) {
      counts.succeededPoisonOrDeadLetters++;
      counterexamples.push({ kind: 'poisonSucceeded', requestId, request: requestsById.get(requestId) });
    }
  }

  const violations = counterexamples.length;
  return {
    id: 'I7',
    title: 'DLQ routing: poison messages dead-lettered after maxReceiveCount receives, never SUCCEEDED',
    valid: violations === 0,
    summary:
      violations === 0
        ? `${counts.knownDeadLetters} dead letters (${counts.poisonInDlq} of ${counts.poisonRequests} poison) ` +
          `after ${maxReceiveCount} receives, none SUCCEEDED`
        : `${violations} DLQ routing violation(s) among ${counts.deadLetters} dead letters`,
    counts: { ...counts, violations },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/** The request a dead letter names: its parsed requestId, or a known id its raw body contains. */
function namedRequestId(deadLetter: DeadLetter, candidates: ReadonlySet<string>): string | undefined {
  if (deadLetter.requestId !== undefined) {
    return candidates.has(deadLetter.requestId) ? deadLetter.requestId : undefined;
  }
  return requestIdsIn(deadLetter.body).find((id) => candidates.has(id));
}
