/**
 * One string instance per distinct value where a history repeats values: the few-valued fields
 * (statuses, entity types, the event id...) and the names of requests and users, which recur
 * across kinds (a requestId is in its item, its lock, its operations and its observations).
 * JSON.parse gives every record its own copy of each, which at 1M requests is hundreds of MB of
 * identical strings; the checkers compare by value, so sharing is invisible. The tables live as
 * long as the read: the history keeps the shared instances, not the tables.
 */
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

/**
 * The fields naming one request or one user that other records repeat: a request's PK is its
 * logs' PK, its idempotencyKey its lock's PK, its GSI2SK its observations'. Only those: a field
 * no other record repeats (GSI1PK) would cost a table entry and share nothing.
 */
const NAME_FIELDS: Readonly<Record<string, readonly string[]>> = {
  operation: ['userId', 'requestId'],
  observation: ['requestId', 'GSI2SK'],
  request: ['PK', 'requestId', 'userId', 'idempotencyKey', 'GSI2SK'],
  lock: ['PK', 'requestId', 'userId'],
  deadLetter: ['requestId'],
};

/** Bounds the table if a field turns out not to be few-valued after all. */
const MAX_VALUES = 10_000;
/**
 * A status log's SK is LOG#<occurredAt>#<toStatus>, without the requestId: at 1M requests in a
 * spike of a minute, a dozen logs share each one. Bounded higher than the few-valued fields,
 * since a run has about as many distinct SKs as milliseconds with a transition.
 */
const MAX_SORT_KEYS = 2_000_000;
/**
 * About five names per request: room for 3M requests. Past it the rest go unshared, not lost
 * (and a V8 Map holds at most 2^24 entries).
 */
const MAX_NAMES = 16_000_000;

export class StringInterner {
  private readonly values = new Map<string, string>();
  private readonly sortKeys = new Map<string, string>();
  private readonly names = new Map<string, string>();
  /** The PK of the last status log: a table read returns a request's logs together. */
  private lastLogPk: string | undefined;

  /**
   * Replaces, in place, the fields of a record of that kind that repeat a value already read by
   * that value's instance: the few-valued fields, the names of requests and users, a status
   * log's PK and SK, and a request's GSI1SK (the same text as its GSI2SK).
   */
  internFields(kind: string, record: Record<string, unknown>): void {
    shareIn(this.values, record, FEW_VALUED_FIELDS[kind], MAX_VALUES);
    shareIn(this.names, record, NAME_FIELDS[kind], MAX_NAMES);
    if (kind === 'statusLog') this.shareLogKeys(record);
    if (kind === 'request' && record.GSI1SK === record.GSI2SK && record.GSI2SK !== undefined)
      record.GSI1SK = record.GSI2SK;
  }

  /** A log's PK is its request's (one look-up per run of a request's logs, which a table read keeps together). */
  private shareLogKeys(record: Record<string, unknown>): void {
    const { PK, SK } = record;
    if (typeof PK === 'string') {
      if (PK !== this.lastLogPk) this.lastLogPk = internIn(this.names, PK, MAX_NAMES);
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

function internIn(table: Map<string, string>, value: string, bound: number): string {
  const shared = table.get(value);
  if (shared !== undefined) return shared;
  if (table.size < bound) table.set(value, value);
  return value;
}
