/**
 * Factories for ParticipationProcessed details as the worker publishes them (spec section 5),
 * and NDJSON as Firehose delivers them: one object per line, each line ended.
 */
import { randomUUID } from 'node:crypto';
import type { ParticipationProcessed } from '../../services/common/schemas';

export interface EventTimes {
  readonly queuedAt: number | null;
  readonly startedAt: number | null;
  readonly finishedAt: number;
}

export function succeeded(eventId: string, times: EventTimes): ParticipationProcessed {
  return participationProcessed(eventId, times, { finalStatus: 'SUCCEEDED', resultCode: 'SUCCESS' });
}

export function rejected(eventId: string, times: EventTimes): ParticipationProcessed {
  return participationProcessed(eventId, times, { finalStatus: 'REJECTED', resultCode: 'REJECTED_CAPACITY' });
}

/** Finished by the DLQ handler after maxReceiveCount failed deliveries. */
export function deadLettered(eventId: string, times: EventTimes): ParticipationProcessed {
  return participationProcessed(eventId, times, {
    finalStatus: 'FAILED_FINAL',
    resultCode: 'FAILED_WORKER',
    delivery: { attempt: 3, isDlq: true },
    failure: {
      failureClass: 'NON_RETRYABLE',
      errorCode: 'POISON_MESSAGE',
      errorMessage: 'could not be processed',
    },
  });
}

function participationProcessed(
  eventId: string,
  timestamps: EventTimes,
  outcome: Pick<ParticipationProcessed, 'finalStatus' | 'resultCode'> &
    Partial<Pick<ParticipationProcessed, 'delivery' | 'failure'>>,
): ParticipationProcessed {
  return {
    schemaVersion: 1,
    env: 'test',
    eventId,
    requestId: randomUUID(),
    eventType: 'FIRST_COME',
    timestamps,
    delivery: { attempt: 1, isDlq: false },
    failure: { failureClass: null, errorCode: null, errorMessage: null },
    meta: { workerId: 'worker-1' },
    ...outcome,
  };
}

export function toNdjson(records: readonly object[]): string {
  return records.map((record) => `${JSON.stringify(record)}\n`).join('');
}
