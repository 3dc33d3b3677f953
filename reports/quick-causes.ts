/**
 * The runbook's "실패 시 빠른 원인 체크" (quick checks when a step fails), in English, keyed by
 * the scenario's step names, and the same kind of checklist for every invariant, so whoever
 * reads a failed report starts from a list and from the logs that matter, not from scratch.
 * Only what this harness has is named: it logs its users in itself, so there is no token
 * variable to check, and its queues and table are provisioned by it, so no URL to compare.
 */
export interface QuickCauses {
  /** What the operator saw. */
  readonly symptom: string;
  readonly causes: readonly string[];
  /** Log files to open first, as the stems the run folder names them by (ingest, worker, ...). */
  readonly logs: readonly string[];
}

export const QUICK_CAUSES: Readonly<Record<string, QuickCauses>> = {
  // Runbook A, for a harness that logs every virtual user in by itself.
  http: {
    symptom: 'The load sees many failed participations (401, 5xx or no answer)',
    causes: [
      'Many 401: the tokens of `POST /auth/login` are refused, e.g. ingest was restarted with another `TOKEN_SECRET` during the run; the participation routes (`/events/**`) require a user, so a 401 points at the token, not at the route.',
      'Many 503 with `Retry-After`: ingest could not reach SQS or DynamoDB (the emulator logs say why).',
      'No answer (info): ingest was saturated or down; its log ends where it stopped.',
    ],
    logs: ['ingest', 'fauxqs', 'ministack'],
  },
  // Runbook B
  'depth-rise': {
    symptom: 'The queue depth does not rise while the worker is off',
    causes: [
      'The worker is already running and consumes the messages at once.',
      'Ingest fails to enqueue, so requests end as `FAILED_INGEST_ENQUEUE` instead of reaching the queue.',
    ],
    logs: ['ingest', 'worker', 'fauxqs'],
  },
  // Runbook C
  drain: {
    symptom: 'The worker is on but the queue depth does not fall',
    causes: [
      'The visibility timeout is shorter than the processing time, so messages reappear and are retried in a loop.',
      'The worker does not delete messages after processing (acknowledgement bug).',
      'Messages are going to the DLQ (the receive count exceeded maxReceiveCount).',
    ],
    logs: ['worker', 'fauxqs'],
  },
  // Runbook D
  'table-unchanged': {
    symptom: 'Messages pile up in SQS but the statuses in DynamoDB do not change',
    causes: [
      'The worker log shows errors (exceptions).',
      'The message schema written by ingest and the one the worker parses do not match (JSON parse errors).',
    ],
    logs: ['worker', 'ministack'],
  },
};

/** Per invariant: what its violation usually means, and where to look first. */
export const INVARIANT_QUICK_CAUSES: Readonly<Record<string, QuickCauses>> = {
  I1: {
    symptom: 'More or fewer seats were given than the capacity allows',
    causes: [
      'The seat transaction does not condition on `capacityRemaining > 0` (or splits the decrement from the status write).',
      'A redelivered message acquired a second seat: the lock or the `PROCESSING -> SUCCEEDED` condition is missing.',
    ],
    logs: ['worker'],
  },
  I2: {
    symptom: 'One user got two requestIds, two locks or two request items',
    causes: [
      'The lock item is not written with `attribute_not_exists` before the request item.',
      'A duplicate participation answered a fresh requestId instead of the existing one.',
    ],
    logs: ['ingest'],
  },
  I3: {
    symptom: 'A status went backwards or skipped the transition table',
    causes: [
      'A final write does not condition on the current status (a late redelivery overwrote a final status).',
      'The DLQ handler or the sweep wrote a status without checking the one it read.',
    ],
    logs: ['worker', 'ingest'],
  },
  I4: {
    symptom: 'queuedAt or GSI2SK changed after it was written',
    causes: ['A writer other than ingest sets `queuedAt` (the worker must only read it).'],
    logs: ['worker', 'ingest'],
  },
  I5: {
    symptom: 'An accepted request is neither final nor in the DLQ, or the queue did not drain',
    causes: [
      'A message was deleted before its request reached a final status.',
      'Ingest answered 202 but the message never reached the queue and the sweep did not re-enqueue it.',
    ],
    logs: ['worker', 'ingest', 'fauxqs'],
  },
  I6: {
    symptom: 'A delay is negative or a timestamp is missing',
    causes: ['Timestamps are taken from different clocks, or a status write forgot its timestamp.'],
    logs: ['worker'],
  },
  I7: {
    symptom: 'Poison messages were not dead-lettered as configured, or one SUCCEEDED',
    causes: [
      'The worker deletes unparseable messages instead of leaving them to maxReceiveCount.',
      'The DLQ handler did not mark the request FAILED_FINAL.',
    ],
    logs: ['worker', 'fauxqs'],
  },
  I8: {
    symptom: 'The analytics events disagree with the table',
    causes: [
      'The publisher fired before the final write succeeded, or not at all after it.',
      'The delivery stage dropped or misfiled records (see its error prefix).',
    ],
    logs: ['worker', 'delivery', 'moto'],
  },
  I8s: {
    symptom: 'An EventBridge failure changed processing',
    causes: ['The publisher throws instead of swallowing: a status or a delete now depends on EventBridge.'],
    logs: ['worker', 'moto'],
  },
  I9: {
    symptom: 'The worker-off window did not look like one',
    causes: [
      'The worker was already running during the spike, or capacity moved before it started.',
      'The depth did not reach 0 once the worker ran (see the drain quick causes).',
    ],
    logs: ['worker', 'fauxqs'],
  },
  I11: {
    symptom: 'A 202 reached the client before its request was QUEUED',
    causes: [
      'Ingest answers before the enqueue (and its QUEUED write) succeeded: an acknowledgement without a queue behind it.',
    ],
    logs: ['ingest'],
  },
  I12: {
    symptom: 'A request the fault did not target ended FAILED_FINAL',
    causes: [
      'A transient error (throttling, a lost answer, a conflict) was treated as final instead of retried inside the lease.',
      'A lease was taken over and the late handler finished the request as failed.',
    ],
    logs: ['worker'],
  },
  I13: {
    symptom: 'An identity other than the token’s subject was honoured',
    causes: ['A route reads the userId from the body, the query or a header instead of the verified token.'],
    logs: ['ingest'],
  },
  I14: {
    symptom: 'A takeover did not fence the attempt (attempt, startedAt or finishedAt disagree with the log)',
    causes: [
      'The takeover does not raise `attempt` by one, or a late handler wrote without conditioning on its attempt.',
    ],
    logs: ['worker'],
  },
  I16: {
    symptom: 'Seats went out of arrival order among requests that did not overlap in time',
    causes: [
      'Several workers or a large batch reorder the backlog more than the bound allows (a standard queue gives no order).',
    ],
    logs: ['worker'],
  },
  I10: {
    symptom: 'Too many participations failed, or a 202 carried no requestId or a status',
    causes: [
      'Ingest answers with a status field or without a requestId (the contract forbids both).',
      'Ingest was saturated: see the load summary and the ingest log.',
    ],
    logs: ['ingest'],
  },
};

export function quickCausesFor(step: string): QuickCauses | undefined {
  return Object.hasOwn(QUICK_CAUSES, step) ? QUICK_CAUSES[step] : undefined;
}

/** I6a and other sub-checks share their family's list (I6a -> I6). */
export function invariantQuickCauses(id: string): QuickCauses | undefined {
  if (Object.hasOwn(INVARIANT_QUICK_CAUSES, id)) return INVARIANT_QUICK_CAUSES[id];
  const family = /^I\d+/.exec(id)?.[0];
  return family && Object.hasOwn(INVARIANT_QUICK_CAUSES, family) ? INVARIANT_QUICK_CAUSES[family] : undefined;
}
