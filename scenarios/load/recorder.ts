/**
 * Takes every iteration's record as it happens, and keeps none of it whole: its operation goes
 * to the phase's operation list at once (a run's live history list writes it to history.ndjson
 * from there), its counts and latency to the summary's tally, and one JSON line to the run
 * folder's <label>-records.ndjson (no parsing of console output afterwards; a run that dies
 * half-way still leaves what it did).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ParticipateOperation } from '../../invariants/history';
import type { LoadRecord } from './load-record';
import { createTally, type SummaryTally } from './summary';

/** Where a phase's operations go as they are recorded: a plain array, or a live history's list. */
export interface OperationSink {
  push(...operations: ParticipateOperation[]): number;
}

export interface Recorder {
  add(record: LoadRecord): void;
  readonly tally: SummaryTally;
  close(): Promise<void>;
}

export function createRecorder(operations: OperationSink, file?: string): Recorder {
  const tally = createTally();
  const stream: WriteStream | undefined = file ? createWriteStream(file, { flags: 'a' }) : undefined;
  return {
    tally,
    add(record) {
      operations.push(record.operation);
      tally.add(record);
      stream?.write(`${JSON.stringify({ ...record.operation, participateMs: record.participateMs })}\n`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!stream) return resolve();
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}
