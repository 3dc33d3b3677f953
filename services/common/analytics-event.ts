/**
 * Builds the ParticipationProcessed detail (spec section 5) from a final request item. Pure: the
 * worker calls it after a final transition. queuedAt is copied from the item, never generated,
 * and finalStatus is the item's own status, so the analytics can be reconciled with the table.
 */
import type { ParticipationProcessed, RequestItem } from './schemas';
import { isFinalStatus } from './status';

export const ANALYTICS_SOURCE = 'kr.ac.dongduk.worker';
export const PARTICIPATION_PROCESSED = 'ParticipationProcessed';

export function toParticipationProcessed(
  item: RequestItem,
  context: { env: string; workerId: string; isDlq: boolean },
): ParticipationProcessed {
  if (!isFinalStatus(item.status) || item.finishedAt === undefined || item.resultCode === undefined) {
    throw new RangeError(`request ${item.requestId} is not final (${item.status}); nothing to publish`);
  }
  return {
    schemaVersion: 1,
    env: context.env,
    eventId: item.eventId,
    requestId: item.requestId,
    eventType: item.eventType,
    finalStatus: item.status as ParticipationProcessed['finalStatus'],
    resultCode: item.resultCode,
    timestamps: {
      queuedAt: item.queuedAt ?? null,
      startedAt: item.startedAt ?? null,
      finishedAt: item.finishedAt,
    },
    delivery: { attempt: item.attempt, isDlq: context.isDlq },
    failure: {
      failureClass: item.failureClass ?? null,
      errorCode: item.errorCode ?? null,
      errorMessage: item.errorMessage ?? null,
    },
    meta: { workerId: context.workerId },
  };
}
