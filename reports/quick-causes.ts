/**
 * The runbook's "실패 시 빠른 원인 체크" (quick checks when a step fails), in English, keyed by
 * the scenario's step names. Printed under a failed step so whoever reads the report starts
 * from the same checklist the operators used by hand.
 */
export interface QuickCauses {
  /** What the operator saw. */
  readonly symptom: string;
  readonly causes: readonly string[];
}

export const QUICK_CAUSES: Readonly<Record<string, QuickCauses>> = {
  // Runbook A
  http: {
    symptom: 'k6 sees many 401 answers',
    causes: [
      'The access token is missing or mistyped (`ACCESS_TOKEN`).',
      'The header is not exactly `Authorization: Bearer <token>`.',
      'Participation routes (`/events/**`) require an authenticated user: that is expected, so a 401 points at the token, not at the route.',
    ],
  },
  // Runbook B
  'depth-rise': {
    symptom: 'The queue depth does not rise while the worker is off',
    causes: [
      'The worker is already running and consumes the messages at once.',
      'Ingest fails to enqueue, so requests end as `FAILED_INGEST_ENQUEUE` instead of reaching the queue.',
      'The configured queue URL points at another queue.',
    ],
  },
  // Runbook C
  drain: {
    symptom: 'The worker is on but the queue depth does not fall',
    causes: [
      'The visibility timeout is shorter than the processing time, so messages reappear and are retried in a loop.',
      'The worker does not delete messages after processing (acknowledgement bug).',
      'Messages are going to the DLQ (the receive count exceeded maxReceiveCount).',
    ],
  },
  // Runbook D
  'table-unchanged': {
    symptom: 'Messages pile up in SQS but the statuses in DynamoDB do not change',
    causes: [
      'The worker log shows errors (exceptions).',
      'The message schema written by ingest and the one the worker parses do not match (JSON parse errors).',
    ],
  },
};

export function quickCausesFor(step: string): QuickCauses | undefined {
  return Object.hasOwn(QUICK_CAUSES, step) ? QUICK_CAUSES[step] : undefined;
}
