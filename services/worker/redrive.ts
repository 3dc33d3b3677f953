/**
 * Operator redrive: moves dead letters back to the main queue (send, then delete, so a crash in
 * between duplicates a message instead of losing it; the worker treats duplicates as no-ops).
 *
 * An empty receive does not mean an empty DLQ: the DLQ handler keeps letters invisible for a
 * while after looking at them. So the redrive goes on until the DLQ counts nothing visible and
 * nothing in flight (or the limit or the patience runs out), and reports what it moved and what
 * it left.
 *
 *   DLQ   [a b c]  handler holds b, c (invisible 10 s)
 *   redrive  a ->  empty receive, counts say 2 in flight -> wait ->  b c ->  counts 0 -> done
 */
import type { QueueCounts, ReceivedMessage } from '../aws/participation-queue';

export interface RedriveQueue {
  receive(options: { maxMessages: number; waitSeconds: number }): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  counts(): Promise<QueueCounts>;
}

export interface RedriveTarget {
  sendRaw(body: string): Promise<void>;
}

export interface RedriveReport {
  readonly moved: number;
  /** requestIds of the moved letters that name one (a letter may be anything). */
  readonly requestIds: readonly string[];
  /** What the DLQ still counted when the redrive stopped (0 and 0 after a full redrive). */
  readonly remaining: { readonly visible: number; readonly inFlight: number };
  readonly stoppedBy: 'empty' | 'limit' | 'patience';
}

export async function redriveDeadLetters(
  dlq: RedriveQueue,
  main: RedriveTarget,
  options: { limit: number; patienceMs?: number; onProgress?: (moved: number) => void },
): Promise<RedriveReport> {
  const deadline = Date.now() + (options.patienceMs ?? 60_000);
  const requestIds: string[] = [];
  let moved = 0;
  const finish = async (stoppedBy: RedriveReport['stoppedBy']): Promise<RedriveReport> => {
    const counts = await dlq.counts();
    return {
      moved,
      requestIds,
      remaining: { visible: counts.visible + counts.delayed, inFlight: counts.notVisible },
      stoppedBy,
    };
  };
  while (moved < options.limit) {
    const batch = await dlq.receive({ maxMessages: Math.min(10, options.limit - moved), waitSeconds: 1 });
    if (batch.length === 0) {
      const counts = await dlq.counts();
      if (counts.visible + counts.notVisible + counts.delayed === 0) return finish('empty');
      if (Date.now() >= deadline) return finish('patience');
      continue;
    }
    for (const message of batch) {
      await main.sendRaw(message.body);
      await dlq.delete(message.receiptHandle);
      moved++;
      const requestId = requestIdOf(message.body);
      if (requestId) requestIds.push(requestId);
    }
    options.onProgress?.(moved);
  }
  return finish('limit');
}

function requestIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { requestId?: unknown } | null;
    return typeof parsed?.requestId === 'string' ? parsed.requestId : undefined;
  } catch {
    return undefined;
  }
}
