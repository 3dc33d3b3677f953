/**
 * The waiting room on Redis: join (dedupe + enqueue), status, enter (window + token bucket), leave.
 * Translates script replies into typed results; the rules live in the scripts and in this file's
 * few lines of arithmetic (position, ETA).
 */
import { randomUUID } from 'node:crypto';
import { eventKeys } from './keys';
import type { RedisReply, ScriptRunner } from './redis/script-runner';
import { ENQUEUE, ENTER, LEAVE, STATUS } from './redis/scripts';
import { assertExactScore } from './score';

export interface WaitingRoomOptions {
  /** How long a waiting or admitted record lives without activity. */
  readonly recordTtlSeconds: number;
  /** The first `admitWindow` waiting users may enter. */
  readonly admitWindow: number;
  /** Token bucket of the enter route, per event. */
  readonly bucketCapacity: number;
  readonly admitsPerSecond: number;
  readonly newToken?: () => string;
}

export const JoinOutcome = { Created: 'created', Duplicate: 'duplicate' } as const;
export type JoinOutcome = (typeof JoinOutcome)[keyof typeof JoinOutcome];

export interface JoinResult {
  readonly outcome: JoinOutcome;
  readonly waitingToken: string;
  /** The exact FIFO score (INCR sequence of the event). */
  readonly seq: number;
  /** 1-based place among the waiting; undefined once admitted or gone. */
  readonly position: number | undefined;
}

export type StatusResult =
  | {
      readonly state: 'waiting';
      readonly position: number;
      readonly waiting: number;
      readonly etaSeconds: number;
    }
  | { readonly state: 'admitted'; readonly ticket: string }
  | { readonly state: 'unknown' }
  | { readonly state: 'token_mismatch' };

export type EnterResult =
  | { readonly state: 'admitted'; readonly ticket: string }
  | { readonly state: 'not_yet'; readonly position: number }
  | { readonly state: 'rate_limited'; readonly retryAfterMs: number }
  | { readonly state: 'unknown' }
  | { readonly state: 'token_mismatch' };

export type LeaveResult = 'left' | 'unknown' | 'token_mismatch';

export class GateReplyMalformedError extends Error {
  readonly code = 'GATE_REPLY_MALFORMED';
}

export class WaitingRoom {
  private readonly newToken: () => string;

  constructor(
    private readonly scripts: ScriptRunner,
    private readonly options: WaitingRoomOptions,
  ) {
    if (options.admitWindow < 1) throw new Error('admitWindow must be at least 1');
    if (options.admitsPerSecond <= 0) throw new Error('admitsPerSecond must be greater than 0');
    if (options.bucketCapacity < 1) throw new Error('bucketCapacity must be at least 1');
    this.newToken = options.newToken ?? (() => randomUUID());
  }

  async join(eventId: string, userId: string): Promise<JoinResult> {
    const keys = eventKeys(eventId);
    const reply = await this.scripts.run(
      ENQUEUE,
      [keys.seq, keys.queue, keys.user(userId)],
      [userId, this.newToken(), this.options.recordTtlSeconds],
    );
    const [created, token, seq, rank] = tupleOf(reply, 4, 'enqueue');
    return {
      outcome: created === 1 ? JoinOutcome.Created : JoinOutcome.Duplicate,
      waitingToken: String(token),
      seq: assertExactScore(Number(seq)),
      position: Number(rank) >= 0 ? Number(rank) + 1 : undefined,
    };
  }

  async status(eventId: string, userId: string, waitingToken: string): Promise<StatusResult> {
    const keys = eventKeys(eventId);
    const reply = await this.scripts.run(STATUS, [keys.queue, keys.user(userId)], [userId, waitingToken]);
    const [state, a, b] = tupleOf(reply, 1, 'status');
    switch (state) {
      case 'WAITING': {
        const position = Number(a) + 1;
        return { state: 'waiting', position, waiting: Number(b), etaSeconds: this.etaSeconds(position) };
      }
      case 'ADMITTED':
        return { state: 'admitted', ticket: String(a) };
      case 'TOKEN_MISMATCH':
        return { state: 'token_mismatch' };
      default:
        return { state: 'unknown' };
    }
  }

  async enter(eventId: string, userId: string, waitingToken: string): Promise<EnterResult> {
    const keys = eventKeys(eventId);
    const o = this.options;
    const reply = await this.scripts.run(
      ENTER,
      [keys.queue, keys.user(userId), keys.bucket],
      [
        userId,
        waitingToken,
        o.admitWindow,
        o.bucketCapacity,
        o.admitsPerSecond,
        this.newToken(),
        o.recordTtlSeconds,
      ],
    );
    const [state, a] = tupleOf(reply, 1, 'enter');
    switch (state) {
      case 'ADMITTED':
        return { state: 'admitted', ticket: String(a) };
      case 'NOT_YET':
        return { state: 'not_yet', position: Number(a) + 1 };
      case 'RATE_LIMITED':
        return { state: 'rate_limited', retryAfterMs: Number(a) };
      case 'TOKEN_MISMATCH':
        return { state: 'token_mismatch' };
      default:
        return { state: 'unknown' };
    }
  }

  async leave(eventId: string, userId: string, waitingToken: string): Promise<LeaveResult> {
    const keys = eventKeys(eventId);
    const reply = await this.scripts.run(LEAVE, [keys.queue, keys.user(userId)], [userId, waitingToken]);
    return reply === 1 ? 'left' : reply === -1 ? 'token_mismatch' : 'unknown';
  }

  /**
   * Users ahead leave through the window at the bucket's rate: the ones outside the window wait
   * (position - window) / rate seconds, the ones inside only for a token.
   */
  etaSeconds(position: number): number {
    const ahead = Math.max(0, position - this.options.admitWindow);
    return Math.ceil(ahead / this.options.admitsPerSecond);
  }
}

export function tupleOf(reply: RedisReply, minLength: number, script: string): RedisReply[] {
  if (!Array.isArray(reply) || reply.length < minLength) {
    throw new GateReplyMalformedError(`script ${script} answered ${JSON.stringify(reply)}`);
  }
  return reply;
}
