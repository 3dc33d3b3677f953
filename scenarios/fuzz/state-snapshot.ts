/**
 * What a run of refused requests must leave untouched: every item of the table (consistent scan)
 * and the depth of both queues. Read through public surfaces only, compared by a pure function.
 */
import type { AwsClients } from '../../services/aws/clients';
import { scanTable } from '../runner/final-state';
import { type QueueDepth, readQueueDepth } from '../runner/queue-sampler';

export interface StateSnapshot {
  /** Table items by `PK|SK`. */
  readonly items: ReadonlyMap<string, Record<string, unknown>>;
  readonly mainQueue: QueueDepth;
  readonly deadLetterQueue: QueueDepth;
}

export async function takeStateSnapshot(
  clients: AwsClients,
  resources: { tableName: string; mainQueueUrl: string; deadLetterQueueUrl: string },
): Promise<StateSnapshot> {
  const [items, mainQueue, deadLetterQueue] = await Promise.all([
    scanTable(clients, resources.tableName),
    readQueueDepth(clients, resources.mainQueueUrl),
    readQueueDepth(clients, resources.deadLetterQueueUrl),
  ]);
  return {
    items: new Map(items.map((item) => [`${String(item.PK)}|${String(item.SK)}`, item])),
    mainQueue,
    deadLetterQueue,
  };
}

/** Every difference, one line each; an empty list means nothing changed. */
export function diffSnapshots(before: StateSnapshot, after: StateSnapshot): string[] {
  const differences: string[] = [];
  for (const [key, item] of after.items) {
    const old = before.items.get(key);
    if (old === undefined) differences.push(`item added: ${key}`);
    else if (canonical(old) !== canonical(item)) differences.push(`item changed: ${key}`);
  }
  for (const key of before.items.keys()) {
    if (!after.items.has(key)) differences.push(`item removed: ${key}`);
  }
  for (const [name, a, b] of [
    ['main queue', before.mainQueue, after.mainQueue],
    ['dead-letter queue', before.deadLetterQueue, after.deadLetterQueue],
  ] as const) {
    if (a.visible !== b.visible || a.notVisible !== b.notVisible || a.delayed !== b.delayed) {
      differences.push(`${name}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
    }
  }
  return differences;
}

/** JSON with sorted keys, so two reads of the same item compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Set)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner instanceof Set
        ? [...inner].sort()
        : inner,
  );
}
