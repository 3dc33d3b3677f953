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
 *
 * Which dead letters are poison: the ones the run declared (poisonRequestIds) and the ones whose
 * body is no valid queue message. A well-formed dead letter of a real request that nobody
 * declared poison is a healthy request dead-lettered, a violation quoted as such, unless the
 * run's fault may fail that request (the rule I12 uses, so that I7 and I12 agree on it).
 * Dead letters naming no known request (unparseable, not ours) are counted, not judged.
 */
import { QueueMessageSchema, type RequestItem, Status } from '../services/common';
import { indexDeadLettersByName, requestIdsIn } from './group';
import { failureExcuse } from './healthy-outcome';
import type { DeadLetter, History } from './history';
import { type HistoryIndex, indexHistory } from './history-index';
import { judgedByViolations, type Verdict } from './verdict';

export function checkDlqRouting(history: History): Verdict {
  const { maxReceiveCount } = history.parameters;
  const { deadLetters } = history.final;
  const poisonIds = history.poisonRequestIds ?? [];
  const declaredPoison = new Set(poisonIds);
  const index = indexHistory(history);
  const { requestsById } = index;
  const known = (id: string) => requestsById.has(id) || declaredPoison.has(id);
  const excused = failureExcuse(history);

  const counterexamples: unknown[] = [];
  const reportedSucceeded = new Set<string>();
  const counts = {
    maxReceiveCount,
    deadLetters: deadLetters.length,
    knownDeadLetters: 0,
    unknownDeadLetters: 0,
    poisonDeadLetters: 0,
    invalidBodyDeadLetters: 0,
    healthyDeadLetters: 0,
    excusedHealthyDeadLetters: 0,
    receiveCountMismatches: 0,
    succeededPoisonOrDeadLetters: 0,
    poisonRequests: poisonIds.length,
    poisonInDlq: 0,
  };

  for (const deadLetter of deadLetters) {
    const requestId = namedRequestId(deadLetter, known);
    if (requestId === undefined) {
      counts.unknownDeadLetters++;
      continue;
    }
    counts.knownDeadLetters++;
    const request = requestsById.get(requestId);
    const invalidBody = !isQueueMessage(deadLetter.body);
    if (invalidBody) counts.invalidBodyDeadLetters++;
    if (!declaredPoison.has(requestId) && !invalidBody) {
      counts.healthyDeadLetters++;
      if (request !== undefined && excused(request)) {
        counts.excusedHealthyDeadLetters++;
        continue;
      }
      counterexamples.push({
        kind: 'healthyRequestDeadLettered',
        deadLetter,
        request: request === undefined ? undefined : quoteRequest(request),
      });
      continue;
    }
    counts.poisonDeadLetters++;
    if (deadLetter.receiveCount < maxReceiveCount) {
      counts.receiveCountMismatches++;
      counterexamples.push({ kind: 'deadLetteredEarly', maxReceiveCount, deadLetter });
    }
    if (everSucceeded(index, requestId)) {
      reportedSucceeded.add(requestId);
      counts.succeededPoisonOrDeadLetters++;
      counterexamples.push({ kind: 'deadLetterSucceeded', deadLetter, request });
    }
  }

  const deadLetterByName = indexDeadLettersByName(deadLetters, { bodyEvenWhenParsed: false });
  for (const requestId of poisonIds) {
    const deadLetter = deadLetterByName.get(requestId);
    if (deadLetter === undefined) counterexamples.push({ kind: 'poisonNotInDlq', requestId });
    else counts.poisonInDlq++;
    if (everSucceeded(index, requestId) && !reportedSucceeded.has(requestId)) {
      counts.succeededPoisonOrDeadLetters++;
      counterexamples.push({ kind: 'poisonSucceeded', requestId, request: requestsById.get(requestId) });
    }
  }

  const violations = counterexamples.length;
  const healthy = counts.healthyDeadLetters - counts.excusedHealthyDeadLetters;
  return judgedByViolations({
    id: 'I7',
    title: 'DLQ routing: poison messages dead-lettered after maxReceiveCount receives, never SUCCEEDED',
    violations,
    counterexamples,
    summaryIfValid:
      `${counts.knownDeadLetters} dead letters (${counts.poisonInDlq} of ${counts.poisonRequests} poison) ` +
      `after ${maxReceiveCount} receives, none SUCCEEDED`,
    summaryIfInvalid:
      healthy > 0
        ? `${violations} DLQ routing violation(s) among ${counts.deadLetters} dead letters, ` +
          `${healthy} of them a healthy request dead-lettered (no poison declared, a valid message)`
        : `${violations} DLQ routing violation(s) among ${counts.deadLetters} dead letters`,
    counts: { ...counts, violations },
  });
}

/** A body the ingest could have sent: JSON that the queue message schema accepts. */
function isQueueMessage(body: string): boolean {
  try {
    return QueueMessageSchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

/**
 * SUCCEEDED anywhere: the final item, a status log (also one whose SK does not parse) or an
 * observation. Read from the shared index, for the few requests that have a dead letter.
 */
function everSucceeded(index: HistoryIndex, requestId: string): boolean {
  const succeeded = (record: { readonly status?: string; readonly toStatus?: string }) =>
    record.status === Status.SUCCEEDED || record.toStatus === Status.SUCCEEDED;
  // Logs under its PK whose SK does not parse count too: a SUCCEEDED is a SUCCEEDED.
  const logs = index.logsOfId(requestId);
  return (
    index.requestsById.get(requestId)?.status === Status.SUCCEEDED ||
    logs.some(succeeded) ||
    index.observations.of(index.observations.groupOf(requestId) ?? -1).some(succeeded)
  );
}

function quoteRequest(request: RequestItem): unknown {
  const { requestId, userId, status, resultCode, failureClass, errorCode, attempt } = request;
  return { requestId, userId, status, resultCode, failureClass, errorCode, attempt };
}

/** The request a dead letter names: its parsed requestId, or a known id its raw body contains. */
function namedRequestId(deadLetter: DeadLetter, known: (id: string) => boolean): string | undefined {
  if (deadLetter.requestId !== undefined) {
    return known(deadLetter.requestId) ? deadLetter.requestId : undefined;
  }
  return requestIdsIn(deadLetter.body).find(known);
}
