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

export class StringInterner {
  private readonly values = new Map<string, string>();

  /** Replaces, in place, the few-valued fields of a record of that kind by their shared instance. */
  internFields(kind: string, record: Record<string, unknown>): void {
    const fields = FEW_VALUED_FIELDS[kind];
    if (fields === undefined) return;
    for (const field of fields) {
      const value = record[field];
      if (typeof value === 'string') record[field] = this.intern(value);
    }
  }

  intern(value: string): string {
    const shared = this.values.get(value);
    if (shared !== undefined) return shared;
    if (this.values.size < MAX_VALUES) this.values.set(value, value);
    return value;
  }
}
