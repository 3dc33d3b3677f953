/**
 * Operator redrive: moves dead letters back to the main queue (send, then delete, so a crash in
 * between duplicates a message instead of losing it; the worker treats duplicates as no-ops).
 */
import type { SqsQueue } from '../aws/participation-queue';

export interface RedriveReport {
  readonly moved: number;
}

export async function redriveDeadLetters(
  dlq: SqsQueue,
  main: SqsQueue,
  options: { limit: number; onProgress?: (moved: number) => void },
): Promise<RedriveReport> {
  let moved = 0;
  while (moved < options.limit) {
    const batch = await dlq.receive({ maxMessages: Math.min(10, options.limit - moved), waitSeconds: 1 });
    if (batch.length === 0) break;
    for (const message of batch) {
      await main.sendRaw(message.body);
      await dlq.delete(message.receiptHandle);
      moved++;
    }
    options.onProgress?.(moved);
  }
  return { moved };
}
