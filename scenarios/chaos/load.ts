/**
 * The load of a chaos run: users arrive at an even pace and participate through the seam; a
 * client that gets 503, a 5xx, no answer or no token (ingest killed, restarting) retries, as a
 * real client would after Retry-After, so the duplicate and heal paths run under the fault.
 * Every attempt is one history operation.
 */
import type { ParticipateOperation } from '../../invariants/history';
import { participateThrough } from '../system/participate-client';
import type { SystemUnderTest } from '../system/system-under-test';

export interface ChaosLoad {
  readonly users: number;
  readonly seconds: number;
  readonly retries: number;
}

export async function runChaosLoad(
  system: SystemUnderTest,
  eventId: string,
  load: ChaosLoad,
  runTag: string,
  /** The list to collect into: a live history's, so that each attempt is on disk as it is made. */
  operations: ParticipateOperation[] = [],
): Promise<ParticipateOperation[]> {
  const gapMs = (load.seconds * 1000) / load.users;
  await Promise.all(
    Array.from({ length: load.users }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * gapMs));
      const userId = `chaos-${runTag}-${i + 1}`;
      for (let attempt = 0; attempt <= load.retries; attempt++) {
        const operation = await participateThrough(system, userId, eventId, 'chaos');
        operations.push(operation);
        const retryable =
          operation.type === 'info' || operation.errorKind === 'login' || (operation.httpStatus ?? 0) >= 500;
        if (!retryable) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );
  return operations;
}
