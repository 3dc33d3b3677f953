/**
 * The load of a chaos run: users arrive at an even pace, log in and participate; a client that
 * gets 503, a 5xx or no answer retries (as a real client would, after Retry-After), so the
 * duplicate and heal paths run under the fault. Every attempt is one history operation.
 */
import type { ParticipateOperation } from '../../invariants/history';
import { loginAs, participateOnce } from '../runner/http-client';

export interface ChaosLoad {
  readonly users: number;
  readonly seconds: number;
  readonly retries: number;
}

export async function runChaosLoad(
  baseUrl: string,
  eventId: string,
  load: ChaosLoad,
  runTag: string,
): Promise<ParticipateOperation[]> {
  const operations: ParticipateOperation[] = [];
  const gapMs = (load.seconds * 1000) / load.users;
  await Promise.all(
    Array.from({ length: load.users }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * gapMs));
      const userId = `chaos-${runTag}-${i + 1}`;
      // A login that finds ingest down (killed, restarting) is retried like a participation.
      let token: string | undefined;
      for (let attempt = 0; token === undefined && attempt <= load.retries; attempt++) {
        token = await loginAs(baseUrl, userId).catch(() => undefined);
        if (token === undefined) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (token === undefined) {
        operations.push({
          f: 'participate',
          process: 'chaos',
          eventId,
          userId,
          type: 'fail',
          time: Date.now(),
        });
        return;
      }
      for (let attempt = 0; attempt <= load.retries; attempt++) {
        const operation = await participateOnce(baseUrl, token, eventId, userId, 'chaos');
        operations.push(operation);
        const retryable = operation.type === 'info' || (operation.httpStatus ?? 0) >= 500;
        if (!retryable) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );
  return operations;
}
