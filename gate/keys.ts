/**
 * Every key of one event carries the hash tag `{evt:<id>}`, so a script that touches several keys
 * of the event stays on one Redis Cluster slot. Nothing else builds gate keys.
 */

const SAFE_PART = /^[A-Za-z0-9._:-]{1,128}$/;

export class GateKeyPartInvalidError extends Error {
  readonly code = 'GATE_KEY_PART_INVALID';
}

function checked(part: string, what: string): string {
  // Braces would open a second hash tag; `*` and spaces make keys that are hard to operate on.
  if (!SAFE_PART.test(part)) {
    throw new GateKeyPartInvalidError(`${what} must match ${SAFE_PART}, got ${JSON.stringify(part)}`);
  }
  return part;
}

export interface EventKeys {
  readonly tag: string;
  /** INCR sequence that gives every join its exact FIFO score. */
  readonly seq: string;
  /** Sorted set of waiting userIds, scored by seq. */
  readonly queue: string;
  /** Seats left; never below zero. */
  readonly inventory: string;
  /** Sorted set of userIds holding a seat, scored by the hold's expiry (ms). */
  readonly holds: string;
  /** Token bucket of the enter route: hash {tokens, at}. */
  readonly bucket: string;
  /** Per-user record: hash {token, seq} while waiting, {token, seq, ticket} once admitted. */
  user(userId: string): string;
  /** Per-user FIFO stream partition. */
  stream(partition: number): string;
  /** Per-user message counter of the producer (order within one user). */
  userSeq(userId: string): string;
  /** Per-user log of applied message numbers: the idempotent consumer's effect and its record. */
  applied(userId: string): string;
}

export function eventKeys(eventId: string): EventKeys {
  const tag = `{evt:${checked(eventId, 'eventId')}}`;
  const base = `gate:${tag}`;
  return {
    tag,
    seq: `${base}:seq`,
    queue: `${base}:queue`,
    inventory: `${base}:inventory`,
    holds: `${base}:holds`,
    bucket: `${base}:bucket`,
    user: (userId) => `${base}:user:${checked(userId, 'userId')}`,
    stream: (partition) => `${base}:stream:${partition}`,
    userSeq: (userId) => `${base}:user-seq:${checked(userId, 'userId')}`,
    applied: (userId) => `${base}:applied:${checked(userId, 'userId')}`,
  };
}

/** The slot-deciding part of a key (Redis Cluster spec: the first `{...}` with content). */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  if (close < 0 || close === open + 1) return key;
  return key.slice(open + 1, close);
}
