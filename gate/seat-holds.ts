/** Seat holds on Redis: inventory that never goes below zero, holds that lapse after a TTL. */

import type { Redis } from 'ioredis';
import { eventKeys } from './keys';
import type { ScriptRunner } from './redis/script-runner';
import { HOLD, RELEASE } from './redis/scripts';
import { tupleOf } from './waiting-room';

export const HoldOutcome = { Held: 'held', AlreadyHeld: 'already_held', SoldOut: 'sold_out' } as const;
export type HoldOutcome = (typeof HoldOutcome)[keyof typeof HoldOutcome];

export interface HoldResult {
  readonly outcome: HoldOutcome;
  readonly remaining: number;
  readonly expiresAtMs: number | undefined;
}

const OUTCOME_BY_CODE: Record<number, HoldOutcome> = {
  0: HoldOutcome.SoldOut,
  1: HoldOutcome.Held,
  2: HoldOutcome.AlreadyHeld,
};

export class SeatHolds {
  constructor(
    private readonly redis: Redis,
    private readonly scripts: ScriptRunner,
    private readonly options: { readonly holdTtlMs: number; readonly reapLimit?: number },
  ) {
    if (options.holdTtlMs < 1) throw new Error('holdTtlMs must be at least 1');
  }

  async setInventory(eventId: string, seats: number): Promise<void> {
    if (!Number.isSafeInteger(seats) || seats < 0) throw new Error('seats must be a non-negative integer');
    const keys = eventKeys(eventId);
    await this.redis.multi().set(keys.inventory, String(seats)).del(keys.holds).exec();
  }

  async inventory(eventId: string): Promise<number> {
    return Number((await this.redis.get(eventKeys(eventId).inventory)) ?? '0');
  }

  async hold(eventId: string, userId: string): Promise<HoldResult> {
    const keys = eventKeys(eventId);
    const reply = await this.scripts.run(
      HOLD,
      [keys.inventory, keys.holds],
      [userId, this.options.holdTtlMs, this.options.reapLimit ?? 100],
    );
    const [code, remaining, expiresAt] = tupleOf(reply, 3, 'hold');
    const outcome = OUTCOME_BY_CODE[Number(code)];
    if (!outcome) throw new Error(`hold answered the unknown code ${String(code)}`);
    return {
      outcome,
      remaining: Number(remaining),
      expiresAtMs: outcome === HoldOutcome.SoldOut ? undefined : Number(expiresAt),
    };
  }

  async release(eventId: string, userId: string): Promise<{ released: boolean; remaining: number }> {
    const keys = eventKeys(eventId);
    const [released, remaining] = tupleOf(
      await this.scripts.run(RELEASE, [keys.inventory, keys.holds], [userId]),
      2,
      'release',
    );
    return { released: released === 1, remaining: Number(remaining) };
  }
}
