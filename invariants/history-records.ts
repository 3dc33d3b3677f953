/**
 * The two directions between a History in memory and its records (history-format.ts): a
 * generator that yields one record at a time (the writer never builds the file as one string),
 * and an accumulator that rebuilds the History from records in any order.
 */
import type { FinalState, History } from './history';
import type { HistoryRecord, RecordKind, RecordOf } from './history-format';

/** Every record of a history, in the order a run produces them: during the run, then the final reads. */
export function* historyRecords(history: History): Generator<HistoryRecord> {
  for (const record of history.phases) yield { kind: 'phase', record };
  for (const record of history.operations) yield { kind: 'operation', record };
  for (const record of history.observations) yield { kind: 'observation', record };
  for (const record of history.samples) yield { kind: 'sample', record };
  for (const requestId of history.poisonRequestIds ?? []) yield { kind: 'poison', record: { requestId } };
  // The schema types have mutable arrays where History's are readonly; the values are the same.
  for (const record of history.legitimateFailures ?? [])
    yield { kind: 'legitimateFailure', record: record as RecordOf<'legitimateFailure'> };
  for (const record of history.accessProbes ?? [])
    yield { kind: 'accessProbe', record: record as RecordOf<'accessProbe'> };
  const { final } = history;
  for (const record of final.requests) yield { kind: 'request', record };
  for (const record of final.invalidRequests ?? []) yield { kind: 'invalidRequest', record };
  for (const record of final.locks) yield { kind: 'lock', record };
  for (const record of final.capacities) yield { kind: 'capacity', record };
  for (const record of final.statusLogs) yield { kind: 'statusLog', record };
  for (const record of final.deadLetters) yield { kind: 'deadLetter', record };
  yield { kind: 'mainQueueDepth', record: final.mainQueueDepth };
  const { analytics } = history;
  if (analytics !== undefined) {
    yield { kind: 'analyticsCollected', record: {} };
    for (const record of analytics.records) yield { kind: 'analyticsRecord', record };
    for (const key of analytics.objectKeys) yield { kind: 'analyticsObjectKey', record: { key } };
    for (const record of analytics.malformedLines) yield { kind: 'analyticsMalformedLine', record };
    for (const key of analytics.errorObjectKeys) yield { kind: 'analyticsErrorObjectKey', record: { key } };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

/** Rebuilds a History from records as they are read; `build` says what is missing. */
export class HistoryAccumulator {
  private readonly operations: Mutable<History>['operations'] = [];
  private readonly observations: Mutable<History>['observations'] = [];
  private readonly samples: Mutable<History>['samples'] = [];
  private readonly phases: Mutable<History>['phases'] = [];
  private readonly poisonRequestIds: string[] = [];
  private readonly legitimateFailures: Mutable<History>['legitimateFailures'] & unknown[] = [];
  private readonly accessProbes: Mutable<History>['accessProbes'] & unknown[] = [];
  private readonly final: Omit<Mutable<FinalState>, 'mainQueueDepth'> = {
    requests: [],
    locks: [],
    capacities: [],
    statusLogs: [],
    deadLetters: [],
  };
  private readonly invalidRequests: Record<string, unknown>[] = [];
  private mainQueueDepth: FinalState['mainQueueDepth'] | undefined;
  private analytics: Mutable<NonNullable<History['analytics']>> | undefined;

  add<K extends RecordKind>(kind: K, record: RecordOf<K>): void {
    // One switch over the kind; each case knows its record's type from the kind.
    const r = record as RecordOf<RecordKind>;
    switch (kind) {
      case 'operation':
        this.operations.push(r as RecordOf<'operation'>);
        break;
      case 'observation':
        this.observations.push(r as RecordOf<'observation'>);
        break;
      case 'sample':
        this.samples.push(r as RecordOf<'sample'>);
        break;
      case 'phase':
        this.phases.push(r as RecordOf<'phase'>);
        break;
      case 'poison':
        this.poisonRequestIds.push((r as RecordOf<'poison'>).requestId);
        break;
      case 'legitimateFailure':
        this.legitimateFailures.push(r as RecordOf<'legitimateFailure'>);
        break;
      case 'accessProbe':
        this.accessProbes.push(r as RecordOf<'accessProbe'>);
        break;
      case 'request':
        this.final.requests.push(r as RecordOf<'request'>);
        break;
      case 'invalidRequest':
        this.invalidRequests.push(r as RecordOf<'invalidRequest'>);
        break;
      case 'lock':
        this.final.locks.push(r as RecordOf<'lock'>);
        break;
      case 'capacity':
        this.final.capacities.push(r as RecordOf<'capacity'>);
        break;
      case 'statusLog':
        this.final.statusLogs.push(r as RecordOf<'statusLog'>);
        break;
      case 'deadLetter':
        this.final.deadLetters.push(r as RecordOf<'deadLetter'>);
        break;
      case 'mainQueueDepth':
        this.mainQueueDepth = r as RecordOf<'mainQueueDepth'>;
        break;
      case 'analyticsCollected':
        this.collectedAnalytics();
        break;
      case 'analyticsRecord':
        this.collectedAnalytics().records.push(r as RecordOf<'analyticsRecord'>);
        break;
      case 'analyticsObjectKey':
        this.collectedAnalytics().objectKeys.push((r as RecordOf<'analyticsObjectKey'>).key);
        break;
      case 'analyticsMalformedLine':
        this.collectedAnalytics().malformedLines.push(r as RecordOf<'analyticsMalformedLine'>);
        break;
      case 'analyticsErrorObjectKey':
        this.collectedAnalytics().errorObjectKeys.push((r as RecordOf<'analyticsErrorObjectKey'>).key);
        break;
      case 'end':
        break;
    }
  }

  /** The History, or the reason it cannot be one (a record every history needs is missing). */
  build(parameters: History['parameters']): History | { readonly missing: string } {
    if (this.mainQueueDepth === undefined) return { missing: 'no mainQueueDepth record (the final reads)' };
    return {
      parameters,
      operations: this.operations,
      observations: this.observations,
      samples: this.samples,
      phases: this.phases,
      ...(this.poisonRequestIds.length > 0 ? { poisonRequestIds: this.poisonRequestIds } : {}),
      ...(this.legitimateFailures.length > 0 ? { legitimateFailures: this.legitimateFailures } : {}),
      ...(this.accessProbes.length > 0 ? { accessProbes: this.accessProbes } : {}),
      final: {
        ...this.final,
        mainQueueDepth: this.mainQueueDepth,
        ...(this.invalidRequests.length > 0 ? { invalidRequests: this.invalidRequests } : {}),
      },
      ...(this.analytics === undefined ? {} : { analytics: this.analytics }),
    };
  }

  private collectedAnalytics(): Mutable<NonNullable<History['analytics']>> {
    this.analytics ??= { records: [], objectKeys: [], malformedLines: [], errorObjectKeys: [] };
    return this.analytics;
  }
}

/**
 * What history.json keeps now that the history itself is history.ndjson: the sizes, and the
 * samples and phases the timeline chart is drawn from (a few hundred lines, whatever the load).
 */
export function summarizeHistory(history: History): Record<string, unknown> {
  return {
    history: 'history.ndjson',
    parameters: history.parameters,
    counts: {
      operations: history.operations.length,
      observations: history.observations.length,
      requests: history.final.requests.length,
      statusLogs: history.final.statusLogs.length,
      deadLetters: history.final.deadLetters.length,
    },
    phases: history.phases,
    samples: history.samples,
  };
}
