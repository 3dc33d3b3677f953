/**
 * Keeps every iteration's record as it happens: in memory for the history and the summary, and
 * one JSON line per record appended to the run folder at once (no parsing of console output
 * afterwards; a run that dies half-way still leaves what it did).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { LoadRecord } from './load-record';

export interface Recorder {
  add(record: LoadRecord): void;
  readonly records: readonly LoadRecord[];
  close(): Promise<void>;
}

export function createRecorder(file?: string): Recorder {
  const records: LoadRecord[] = [];
  const stream: WriteStream | undefined = file ? createWriteStream(file, { flags: 'a' }) : undefined;
  return {
    records,
    add(record) {
      records.push(record);
      stream?.write(`${JSON.stringify({ ...record.operation, participateMs: record.participateMs })}\n`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!stream) return resolve();
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
