/**
 * Per-user FIFO on Redis Streams. A user's messages go to one partition stream (stable hash), in
 * the order the producer numbered them. Each partition has one owner at a time inside a consumer
 * group; a consumer that takes over from a crashed one must finish the old pending entries before
 * it reads new ones, or a user's later message would be applied before an earlier one:
 *
 *   owner A: XREADGROUP 1,2 --- crash (no XACK) ...
 *   owner B:                 XAUTOCLAIM (idle >= minIdleMs) 1,2 -> apply, XACK -> XREADGROUP '>' 3..
 *
 * The effect (APPLY) is idempotent: a message applied before the crash and delivered again is
 * recognised by its per-user number and only acknowledged.
 */
import type { Redis } from 'ioredis';
import { stableHash32 } from '../../services/common/stable-hash';
import { eventKeys } from '../keys';
import type { ScriptRunner } from '../redis/script-runner';
import { APPLY, PUBLISH } from '../redis/scripts';
import { tupleOf } from '../waiting-room';

export function partitionOf(userId: string, partitions: number): number {
  return stableHash32(userId) % partitions;
}

export class UserFifoProducer {
  constructor(
    private readonly scripts: ScriptRunner,
    private readonly partitions: number,
  ) {}

  async publish(eventId: string, userId: string, payload: string): Promise<{ id: string; n: number }> {
    const keys = eventKeys(eventId);
    const stream = keys.stream(partitionOf(userId, this.partitions));
    const [id, n] = tupleOf(
      await this.scripts.run(PUBLISH, [stream, keys.userSeq(userId)], [userId, payload]),
      2,
      'publish',
    );
    return { id: String(id), n: Number(n) };
  }
}

export interface ConsumerOptions {
  readonly eventId: string;
  readonly partition: number;
  readonly group: string;
  readonly consumer: string;
  readonly batch: number;
  /** Pending entries idle this long belong to a crashed consumer and may be claimed. */
  readonly minIdleMs: number;
}

export interface StepResult {
  readonly claimed: number;
  readonly read: number;
  readonly applied: number;
  readonly duplicates: number;
  /** True when another consumer still holds fresh pending entries: new ones were not read. */
  readonly blockedByPending: boolean;
}

type StreamEntry = [id: string, fields: string[]];

export class UserFifoConsumer {
  private readonly stream: string;

  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly options: ConsumerOptions,
  ) {
    this.stream = eventKeys(options.eventId).stream(options.partition);
  }

  async ensureGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.stream, this.options.group, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
  }

  /** One round: claim and finish stale pending entries, then (only if none are in flight) read new ones. */
  async step(): Promise<StepResult> {
    const o = this.options;
    const claimedReply = (await this.redis.xautoclaim(
      this.stream,
      o.group,
      o.consumer,
      o.minIdleMs,
      '0-0',
      'COUNT',
      o.batch,
    )) as [string, StreamEntry[] | null, string[]?];
    const claimed = (claimedReply[1] ?? []).filter((entry): entry is StreamEntry => entry !== null);
    let applied = 0;
    let duplicates = 0;
    const tally = async (entries: StreamEntry[]) => {
      for (const entry of entries) {
        if (await this.handle(entry)) applied++;
        else duplicates++;
      }
    };
    await tally(claimed);
    const pending = (await this.redis.xpending(this.stream, o.group)) as [number, ...unknown[]];
    if (Number(pending[0]) > 0)
      return { claimed: claimed.length, read: 0, applied, duplicates, blockedByPending: true };

    const fresh = await this.readNew();
    await tally(fresh);
    return { claimed: claimed.length, read: fresh.length, applied, duplicates, blockedByPending: false };
  }

  /** Reads new entries and does not acknowledge them: what a consumer leaves behind when it dies. */
  async readAndCrash(): Promise<number> {
    return (await this.readNew()).length;
  }

  /** Reads, applies and dies before XACK: the redelivery must be recognised as a duplicate. */
  async applyAndCrash(): Promise<number> {
    const entries = await this.readNew();
    for (const [, fields] of entries) await this.apply(fields);
    return entries.length;
  }

  /** Entries never delivered to any consumer of the group ('>'); they stay pending until XACK. */
  private async readNew(): Promise<StreamEntry[]> {
    const o = this.options;
    const reply = (await this.redis.xreadgroup(
      'GROUP',
      o.group,
      o.consumer,
      'COUNT',
      o.batch,
      'STREAMS',
      this.stream,
      '>',
    )) as [string, StreamEntry[]][] | null;
    return reply?.[0]?.[1] ?? [];
  }

  private async handle([id, fields]: StreamEntry): Promise<boolean> {
    const applied = await this.apply(fields);
    await this.redis.xack(this.stream, this.options.group, id);
    return applied;
  }

  private async apply(fields: string[]): Promise<boolean> {
    const user = fieldOf(fields, 'user');
    const n = fieldOf(fields, 'n');
    const reply = await this.scripts.run(APPLY, [eventKeys(this.options.eventId).applied(user)], [n]);
    return reply === 1;
  }
}

function fieldOf(fields: string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1] as string;
  throw new Error(`stream entry has no field ${name}`);
}
