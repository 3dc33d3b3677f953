/**
 * Appends history records to `history.ndjson` as they come. `append` is synchronous and only
 * buffers (a load driver must not wait on the disk); the buffer goes out in ~1 MB writes,
 * chained so that lines stay in order, and `close` writes the end line and waits for it all.
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
} from './history-format';
import { historyRecords } from './history-records';

const FLUSH_BYTES = 1 << 20;

export interface HistoryWriter {
  append(record: HistoryRecord): void;
  /** Writes the end line, flushes and closes; answers the number of records written. */
  close(): Promise<number>;
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
  return {
    append(record) {
      records++;
      line(record);
    },
    async close() {
      line({ kind: 'end', record: { records } });
      flush();
      await writing;
      await handle.close();
      if (failure !== undefined) throw failure;
      return records;
    },
  };
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
