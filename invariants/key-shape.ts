/**
 * Key checks read in place. The checkers verify that every key is the one the key module builds
 * (services/common/keys.ts); building millions of keys to compare them is a visible share of a
 * 1M-request check, so the usual shape is read where it stands and only anything else is built.
 * The prefixes come from the key module itself, so a change of format there cannot drift here.
 */
import { eventPartition, padTimestamp, queuedIndexKeys, userPartition } from '../services/common';

export const TIMESTAMP_WIDTH = padTimestamp(0).length;

/** The epoch ms a zero-padded timestamp at `start` spells, undefined if those are not all digits. */
export function readPaddedTimestamp(text: string, start: number): number | undefined {
  if (text.length < start + TIMESTAMP_WIDTH) return undefined;
  let value = 0;
  for (let i = start; i < start + TIMESTAMP_WIDTH; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}

const USER_PREFIX = userPartition('');
const EVENT_PREFIX = eventPartition('');
const SORT_PROBE = queuedIndexKeys({ requestId: '', eventId: '', userId: '', queuedAt: 0 }).GSI2SK;
const SORT_PREFIX = SORT_PROBE.slice(0, SORT_PROBE.indexOf(padTimestamp(0)));
const SORT_MIDDLE = SORT_PROBE.slice(SORT_PREFIX.length + TIMESTAMP_WIDTH);

/** `text` is prefix + value exactly, without building the concatenation. */
function isPrefixed(text: unknown, prefix: string, value: string): boolean {
  return (
    typeof text === 'string' &&
    text.length === prefix.length + value.length &&
    text.startsWith(prefix) &&
    text.endsWith(value)
  );
}

/**
 * Are the four index attributes exactly what queuedIndexKeys builds for this request? True only
 * when proven; false means "build them and compare" (the caller's slow path names the difference).
 */
export function indexKeysAsBuilt(request: {
  readonly requestId: string;
  readonly eventId: string;
  readonly userId: string;
  readonly queuedAt?: number | undefined;
  readonly GSI1PK?: string | undefined;
  readonly GSI1SK?: string | undefined;
  readonly GSI2PK?: string | undefined;
  readonly GSI2SK?: string | undefined;
}): boolean {
  const { GSI1SK: sortKey, GSI2SK } = request;
  return (
    request.queuedAt !== undefined &&
    isPrefixed(request.GSI1PK, USER_PREFIX, request.userId) &&
    isPrefixed(request.GSI2PK, EVENT_PREFIX, request.eventId) &&
    sortKey === GSI2SK &&
    typeof sortKey === 'string' &&
    sortKey.length === SORT_PREFIX.length + TIMESTAMP_WIDTH + SORT_MIDDLE.length + request.requestId.length &&
    sortKey.startsWith(SORT_PREFIX) &&
    readPaddedTimestamp(sortKey, SORT_PREFIX.length) === request.queuedAt &&
    sortKey.startsWith(SORT_MIDDLE, SORT_PREFIX.length + TIMESTAMP_WIDTH) &&
    sortKey.endsWith(request.requestId)
  );
}
