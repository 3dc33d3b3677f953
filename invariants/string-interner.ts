/**
 * One string instance per distinct value of the few-valued fields (statuses, entity types, the
 * event id...). JSON.parse gives every record its own copy of each, which at 1M requests is
 * hundreds of MB of identical strings; the checkers compare by value, so sharing is invisible.
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

/** Bounds the table if a field turns out not to be few-valued after all. */
const MAX_VALUES = 10_000;
/**
 * A status log's SK is LOG#<occurredAt>#<toStatus>, without the requestId: at 1M requests in a
 * spike of a minute, a dozen logs share each one. Bounded higher than the few-valued fields,
 * since a run has about as many distinct SKs as milliseconds with a transition.
 */
const MAX_SORT_KEYS = 2_000_000;

export class StringInterner {
  private readonly values = new Map<string, string>();
  private readonly sortKeys = new Map<string, string>();
  /** The PK of the last status log: a table read returns a request's logs together. */
  private lastLogPk: string | undefined;

  /**
   * Replaces, in place, the fields of a record of that kind that repeat a value already read by
   * that value's instance: the few-valued fields, a status log's PK (its neighbour's) and SK, and
   * a request's GSI1SK (the same text as its GSI2SK).
   */
  internFields(kind: string, record: Record<string, unknown>): void {
    const fields = FEW_VALUED_FIELDS[kind];
    if (fields === undefined) return;
    for (const field of fields) {
      const value = record[field];
      if (typeof value === 'string') record[field] = this.intern(value);
    }
    if (kind === 'statusLog') this.shareLogKeys(record);
    if (kind === 'request' && record.GSI1SK === record.GSI2SK && record.GSI2SK !== undefined)
      record.GSI1SK = record.GSI2SK;
  }

  intern(value: string): string {
    return internIn(this.values, value, MAX_VALUES);
  }

  private shareLogKeys(record: Record<string, unknown>): void {
    const { PK, SK } = record;
    if (typeof PK === 'string') {
      if (PK === this.lastLogPk) record.PK = this.lastLogPk;
      else this.lastLogPk = PK;
    }
    if (typeof SK === 'string') record.SK = internIn(this.sortKeys, SK, MAX_SORT_KEYS);
  }
}

function internIn(table: Map<string, string>, value: string, bound: number): string {
  const shared = table.get(value);
  if (shared !== undefined) return shared;
  if (table.size < bound) table.set(value, value);
  return value;
}
