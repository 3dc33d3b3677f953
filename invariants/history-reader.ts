/**
 * Reads `history.ndjson` line by line (never the whole file as one string), validates every line
 * against the schema of its kind and rebuilds the History. Errors name the file and the line.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import type { History } from './history';
import {
  HistoryFormatError,
  type HistoryHeader,
  HistoryHeaderSchema,
  type HistoryRecord,
  isRecordKind,
  RECORD_SCHEMAS,
} from './history-format';
import { HistoryAccumulator } from './history-records';
import { StringInterner } from './string-interner';

export interface ReadHistory {
  readonly header: HistoryHeader;
  readonly history: History;
  readonly records: number;
}

/** Every record of the file, validated, with its line number; the header comes first. */
export async function* readHistoryRecords(file: string): AsyncGenerator<{
  readonly line: number;
  readonly header?: HistoryHeader;
  readonly record?: HistoryRecord;
}> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  let records = 0;
  let ended = false;
  const interner = new StringInterner();
  for await (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    const value = parseLine(file, number, text);
    if (number === 1) {
      yield { line: number, header: validate(file, number, 'header', HistoryHeaderSchema, value) };
      continue;
    }
    if (ended) throw new HistoryFormatError(file, number, 'a record after the end line');
    const { kind, record } = (value ?? {}) as { kind?: unknown; record?: unknown };
    if (!isRecordKind(kind)) {
      throw new HistoryFormatError(file, number, `unknown record kind ${JSON.stringify(kind)}`);
    }
    const parsed = validate(file, number, kind, RECORD_SCHEMAS[kind], record);
    interner.internFields(kind, parsed as Record<string, unknown>);
    if (kind === 'end') {
      const { records: declared } = parsed as { records: number };
      if (declared !== records) {
        throw new HistoryFormatError(
          file,
          number,
          `end line counts ${declared} records, the file has ${records}`,
        );
      }
      ended = true;
    } else {
      records++;
    }
    yield { line: number, record: { kind, record: parsed } as HistoryRecord };
  }
  if (number === 0) throw new HistoryFormatError(file, 1, 'empty file: no header line');
  if (!ended)
    throw new HistoryFormatError(
      file,
      number,
      'no end line: the history is incomplete (the run stopped mid-write?)',
    );
}

export async function readHistoryFile(file: string): Promise<ReadHistory> {
  let header: HistoryHeader | undefined;
  let records = 0;
  let lastLine = 0;
  const accumulator = new HistoryAccumulator();
  for await (const entry of readHistoryRecords(file)) {
    lastLine = entry.line;
    if (entry.header !== undefined) header = entry.header;
    if (entry.record === undefined) continue;
    // A run that wrote as it went knows its failed steps only at the end line.
    if (entry.record.kind === 'end' && entry.record.record.failedSteps !== undefined && header !== undefined)
      header = { ...header, failedSteps: entry.record.record.failedSteps };
    if (entry.record.kind !== 'end') records++;
    accumulator.add(entry.record.kind, entry.record.record);
  }
  if (header === undefined) throw new HistoryFormatError(file, 1, 'no header line');
  const history = accumulator.build(header.parameters);
  if ('missing' in history) throw new HistoryFormatError(file, lastLine, history.missing);
  return { header, history, records };
}

function parseLine(file: string, line: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HistoryFormatError(file, line, `not JSON: ${(err as Error).message}`);
  }
}

function validate<S extends z.ZodType>(
  file: string,
  line: number,
  kind: string,
  schema: S,
  value: unknown,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
  throw new HistoryFormatError(file, line, `${kind}: ${problems}`);
}
