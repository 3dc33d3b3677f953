/**
 * Appends history records to `history.ndjson` as they come. `append` is synchronous and only
 * buffers (a load driver must not wait on the disk); the buffer goes out in ~1 MB writes,
 * chained so that lines stay in order, and `close` writes the end line and waits for it all.
 * `abandon` (an interrupted run) writes what was appended and no end line, so that the partial
 * history stays on disk and `check` reads it as incomplete rather than judging half a run.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { History } from './history';
import {
  HISTORY_FILE,
  HISTORY_FORMAT,
  HISTORY_FORMAT_VERSION,
  type HistoryHeaderInput,
  type HistoryRecord,
  type RecordOf,
} from './history-format';
import { historyRecords } from './history-records';

const FLUSH_BYTES = 1 << 20;

export interface HistoryWriter {
  append(record: HistoryRecord): void;
  /**
   * Writes the end line (with the header fields known only now), flushes and closes; answers the
   * number of records written.
   */
  close(end?: EndFields): Promise<number>;
  /** Flushes what was appended and closes without the end line: the file reads as incomplete. */
  abandon(): Promise<void>;
}

/** Header fields a run knows only when it ends, carried by the end line. */
export interface EndFields {
  readonly failedSteps?: readonly string[] | undefined;
}

export type HeaderFields = Omit<HistoryHeaderInput, 'format' | 'version'>;

export async function openHistoryWriter(file: string, header: HeaderFields): Promise<HistoryWriter> {
  const handle = await open(file, 'w');
  let buffered: string[] = [];
  let bufferedBytes = 0;
  let records = 0;
  let writing: Promise<unknown> = Promise.resolve();
  let failure: unknown;
  const flush = () => {
    if (buffered.length === 0) return;
    const chunk = buffered.join('');
    buffered = [];
    bufferedBytes = 0;
    writing = writing
      .then(() => writeAll(handle, chunk))
      .catch((err: unknown) => {
        failure ??= err;
      });
  };
  const line = (value: unknown) => {
    const text = `${JSON.stringify(value)}\n`;
    buffered.push(text);
    bufferedBytes += text.length;
    if (bufferedBytes >= FLUSH_BYTES) flush();
  };
  line({ format: HISTORY_FORMAT, version: HISTORY_FORMAT_VERSION, ...header });
  let closed = false;
  const finish = async () => {
    flush();
    await writing;
    if (closed) return;
    closed = true;
    await handle.close();
    if (failure !== undefined) throw failure;
  };
  return {
    append(record) {
      if (closed) return; // a record that arrives after an interrupt has nowhere to go
      records++;
      line(record);
    },
    async close(end = {}) {
      const { failedSteps } = end;
      line({ kind: 'end', record: { records, ...(failedSteps === undefined ? {} : { failedSteps }) } });
      await finish();
      return records;
    },
    abandon: finish,
  };
}

/** The kinds a run appends while it runs, whose records are the run's own objects. */
export type LiveKind = 'operation' | 'observation' | 'sample' | 'phase' | 'accessProbe';

/**
 * A run's history written as it goes: the run collects into `list(kind)` as it collected into
 * `[]`, each push also appends its record, and `finish` appends the rest of the History (the
 * final reads, and any record not pushed through a list) before the end line. An interrupted run
 * calls `abandon`, which leaves the records so far on disk.
 */
export interface LiveHistory {
  list<K extends LiveKind>(kind: K): RecordOf<K>[];
  finish(history: History, end?: EndFields): Promise<number>;
  abandon(): Promise<void>;
}

export async function openLiveHistory(file: string, header: HeaderFields): Promise<LiveHistory> {
  const writer = await openHistoryWriter(file, header);
  // The records already appended, by identity: finish skips them, so none is written twice.
  const streamed = new WeakSet<object>();
  return {
    list<K extends LiveKind>(kind: K): RecordOf<K>[] {
      return new RecordingList<RecordOf<K>>((record) => {
        streamed.add(record);
        writer.append({ kind, record } as HistoryRecord);
      });
    },
    async finish(history, end) {
      for (const entry of historyRecords(history)) {
        if (!streamed.has(entry.record)) writer.append(entry);
      }
      return writer.close(end);
    },
    abandon: () => writer.abandon(),
  };
}

/**
 * An array whose push also hands each element to `onPush`. Derived arrays (map, filter, slice)
 * are plain arrays: only the run's own list records.
 */
class RecordingList<T extends object> extends Array<T> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  readonly #onPush: (item: T) => void;

  constructor(onPush: (item: T) => void) {
    super();
    this.#onPush = onPush;
  }

  override push(...items: T[]): number {
    for (const item of items) this.#onPush(item);
    return super.push(...items);
  }
}

/** A whole history at once (a run that collected in memory), still one record at a time. */
export async function writeHistoryFile(
  file: string,
  header: HeaderFields,
  history: History,
): Promise<number> {
  const writer = await openHistoryWriter(file, {
    ...header,
    parameters: header.parameters ?? history.parameters,
  });
  for (const record of historyRecords(history)) writer.append(record);
  return writer.close();
}

/** A run's history into its folder as history.ndjson, with what `check` needs to judge it alike. */
export async function writeRunHistory(
  runDir: string,
  run: {
    readonly suite: string;
    readonly runId: string;
    readonly fairnessMaxInversionRate?: number | undefined;
    /** The runbook steps that failed (G0), so that check repeats the run's steps verdict. */
    readonly failedSteps?: readonly string[];
  },
  history: History,
): Promise<string> {
  const file = join(runDir, HISTORY_FILE);
  const { fairnessMaxInversionRate: bound, failedSteps, ...names } = run;
  await writeHistoryFile(
    file,
    {
      ...names,
      createdAt: Date.now(),
      parameters: history.parameters,
      ...(bound === undefined ? {} : { fairnessMaxInversionRate: bound }),
      ...(failedSteps === undefined ? {} : { failedSteps: [...failedSteps] }),
    },
    history,
  );
  return file;
}

async function writeAll(handle: FileHandle, chunk: string): Promise<void> {
  await handle.write(chunk, null, 'utf8');
}
