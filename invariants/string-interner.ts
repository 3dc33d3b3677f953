/**
 * One string instance per distinct value where a history repeats values: the few-valued fields
 * (statuses, entity types, the event id...) and the names of requests and users, which recur
 * across kinds (a requestId is in its item, its lock, its operations and its observations).
 * JSON.parse gives every record its own copy of each, which at 1M requests is hundreds of MB of
 * identical strings; the checkers compare by value, so sharing is invisible. The tables live as
 * long as the read: the history keeps the shared instances, not the tables.
 */
import { requestKey } from '../services/common';

const FEW_VALUED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  operation: ['f', 'process', 'eventId', 'type'],
  observation: ['status'],
  sample: ['phase'],
  request: [
    'SK',
    'entityType',
    'eventId',
    'eventType',
    'status',
    'resultCode',
    'GSI2PK',
    'workerId',
    'failureClass',
  ],
  lock: ['SK', 'entityType', 'eventId'],
  statusLog: ['entityType', 'fromStatus', 'toStatus'],
};

/** The names one request's records repeat, each kept once per request. */
interface RequestNames {
  readonly requestId: string;
  userId?: string;
  /** REQ#<id>: the request item's PK and each of its logs'. */
  itemKey?: string;
  /** IDEMP#<event>#<user>: the request's idempotencyKey and its lock's PK. */
  lockKey?: string;
  /** QAT#<queuedAt>#REQ#<id>: the request's GSI2SK and its observations'. */
  queueKey?: string;
}
type NameSlot = Exclude<keyof RequestNames, 'requestId'>;

/**
 * Per kind, the fields that name its request or user, and the slot of RequestNames each shares:
 * a request's PK is its logs' PK, its idempotencyKey its lock's PK, its GSI2SK its
 * observations'. Only those: a field no other record repeats (GSI1PK) would share nothing.
 */
const NAME_SLOTS: Readonly<Record<string, readonly (readonly [field: string, slot: NameSlot])[]>> = {
  operation: [['userId', 'userId']],
  observation: [['GSI2SK', 'queueKey']],
  request: [
    ['PK', 'itemKey'],
    ['userId', 'userId'],
    ['idempotencyKey', 'lockKey'],
    ['GSI2SK', 'queueKey'],
  ],
  lock: [
    ['PK', 'lockKey'],
    ['userId', 'userId'],
  ],
  deadLetter: [],
};
const REQUEST_PK_PREFIX = requestKey('').PK;

/** Bounds the table if a field turns out not to be few-valued after all. */
const MAX_VALUES = 10_000;
/**
 * A status log's SK is LOG#<occurredAt>#<toStatus>, without the requestId: at 1M requests in a
 * spike of a minute, a dozen logs share each one. Bounded higher than the few-valued fields,
 * since a run has about as many distinct SKs as milliseconds with a transition.
 */
const MAX_SORT_KEYS = 2_000_000;
/** Requests whose names are shared; past it the rest go unshared, not lost (a Map holds 2^24). */
const MAX_REQUESTS = 10_000_000;

export class StringInterner {
  private readonly values = new Map<string, string>();
  private readonly sortKeys = new Map<string, string>();
  /** By requestId: one look-up per record shares all the names it repeats. */
  private readonly requests = new Map<string, RequestNames>();
  /** The PK of the last status log: a table read returns a request's logs together. */
  private lastLogPk: string | undefined;

  /**
   * Replaces, in place, the fields of a record of that kind that repeat a value already read by
   * that value's instance: the few-valued fields, the names of requests and users, a status
   * log's PK and SK, and a request's GSI1SK (the same text as its GSI2SK).
   */
  internFields(kind: string, record: Record<string, unknown>): void {
    shareIn(this.values, record, FEW_VALUED_FIELDS[kind], MAX_VALUES);
    const slots = NAME_SLOTS[kind];
    if (slots !== undefined && typeof record.requestId === 'string') {
      const names = this.namesOf(record.requestId);
      record.requestId = names.requestId;
      for (const [field, slot] of slots) {
        const value = record[field];
        if (typeof value === 'string') record[field] = shareName(names, slot, value);
      }
    }
    if (kind === 'statusLog') this.shareLogKeys(record);
    if (kind === 'request' && record.GSI1SK === record.GSI2SK && record.GSI2SK !== undefined)
      record.GSI1SK = record.GSI2SK;
  }

  private namesOf(requestId: string): RequestNames {
    const known = this.requests.get(requestId);
    if (known !== undefined) return known;
    const names: RequestNames = { requestId };
    if (this.requests.size < MAX_REQUESTS) this.requests.set(requestId, names);
    return names;
  }

  /** A log's PK is its request's: one look-up per run of a request's logs, which a table read keeps together. */
  private shareLogKeys(record: Record<string, unknown>): void {
    const { PK, SK } = record;
    if (typeof PK === 'string') {
      if (PK !== this.lastLogPk) {
        this.lastLogPk = PK.startsWith(REQUEST_PK_PREFIX)
          ? shareName(this.namesOf(PK.slice(REQUEST_PK_PREFIX.length)), 'itemKey', PK)
          : PK;
      }
      record.PK = this.lastLogPk;
    }
    if (typeof SK === 'string') record.SK = internIn(this.sortKeys, SK, MAX_SORT_KEYS);
  }
}

function shareIn(
  table: Map<string, string>,
  record: Record<string, unknown>,
  fields: readonly string[] | undefined,
  bound: number,
): void {
  if (fields === undefined) return;
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string') record[field] = internIn(table, value, bound);
  }
}

/** The request's instance of this name when it has one of that text; else this one, kept for the next. */
function shareName(names: RequestNames, slot: NameSlot, value: string): string {
  const known = names[slot];
  if (known === value) return known;
  if (known === undefined) names[slot] = value;
  return value;
}

function internIn(table: Map<string, string>, value: string, bound: number): string {
  const shared = table.get(value);
  if (shared !== undefined) return shared;
  if (table.size < bound) table.set(value, value);
  return value;
}
