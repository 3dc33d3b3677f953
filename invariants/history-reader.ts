/**
 * Reads `history.ndjson` line by line (never the whole file as one string), validates every line
 * against the schema of its kind and rebuilds the History. Errors name the file and the line.
 */
import { createReadStream } from 'node:fs';
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

/** One validated entry of the file with its line number; the header comes first. */
export interface HistoryEntry {
  readonly line: number;
  readonly header?: HistoryHeader;
  readonly record?: HistoryRecord;
}

/**
 * Calls `visit` with every entry of the file, in order, validated, and resolves to the number of
 * records (the end line's count, which it checks). Synchronous per line: at 1M requests the file
 * has 8M lines, and an async step per line (readline, an async generator) cost more than parsing
 * them.
 */
export async function readHistoryRecords(
  file: string,
  visit: (entry: HistoryEntry) => void,
): Promise<number> {
  let number = 0;
  let records = 0;
  let ended = false;
  const interner = new StringInterner();
  const readLine = (text: string) => {
    number++;
    if (text.trim() === '') return;
    const value = parseLine(file, number, text);
    if (number === 1) {
      visit({ line: number, header: validate(file, number, 'header', HistoryHeaderSchema, value) });
      return;
    }
    if (ended) throw new HistoryFormatError(file, number, 'a record after the end line');
    const { kind, record } = (value ?? {}) as { kind?: unknown; record?: unknown };
    if (!isRecordKind(kind)) {
      throw new HistoryFormatError(file, number, `unknown record kind ${JSON.stringify(kind)}`);
    }
    const parsed = asParsedCompactly(record, validate(file, number, kind, RECORD_SCHEMAS[kind], record));
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
    visit({ line: number, record: { kind, record: parsed } as HistoryRecord });
  };
  await forEachLine(file, readLine);
  if (number === 0) throw new HistoryFormatError(file, 1, 'empty file: no header line');
  if (!ended)
    throw new HistoryFormatError(
      file,
      number,
      'no end line: the history is incomplete (the run stopped mid-write?)',
    );
  return records;
}

/**
 * Every line of a UTF-8 file without its line end (\n or \r\n), read in chunks: each chunk is
 * decoded once up to its last newline (a newline byte never occurs inside a multi-byte
 * character) and split in place; the bytes after it wait for the next chunk.
 */
async function forEachLine(file: string, onLine: (text: string) => void): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  const emit = (text: string) => onLine(text.endsWith('\r') ? text.slice(0, -1) : text);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
    const lastNewline = bytes.lastIndexOf(10);
    if (lastNewline === -1) {
      rest = bytes;
      continue;
    }
    const text = bytes.toString('utf8', 0, lastNewline);
    rest = bytes.subarray(lastNewline + 1);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      emit(text.slice(start, end));
      start = end + 1;
    }
    emit(text.slice(start));
  }
  if (rest.length > 0) emit(rest.toString('utf8'));
}

export async function readHistoryFile(file: string): Promise<ReadHistory> {
  let header: HistoryHeader | undefined;
  let lastLine = 0;
  const accumulator = new HistoryAccumulator();
  const records = await readHistoryRecords(file, (entry) => {
    lastLine = entry.line;
    if (entry.header !== undefined) header = entry.header;
    if (entry.record === undefined) return;
    // A run that wrote as it went knows its failed steps only at the end line.
    if (entry.record.kind === 'end' && entry.record.record.failedSteps !== undefined && header !== undefined)
      header = { ...header, failedSteps: entry.record.record.failedSteps };
    accumulator.add(entry.record.kind, entry.record.record);
  });
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

/**
 * The object JSON.parse made, where the schema's output is that object again: a flat record
 * (no nested object, whose unknown keys zod would strip) with every key kept and none added (a
 * default), since no record schema transforms a value. Why: zod builds its output key by key,
 * and properties added one at a time spill into a backing store apart, while JSON.parse lays an
 * object out whole; at 1M requests that is 34 bytes more for each of 4M status logs.
 */
function asParsedCompactly<T extends object>(raw: unknown, parsed: T): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return parsed;
  let rawKeys = 0;
  for (const key in raw) {
    const value = (raw as Record<string, unknown>)[key];
    if ((typeof value === 'object' && value !== null) || !Object.hasOwn(parsed, key)) return parsed;
    rawKeys++;
  }
  let parsedKeys = 0;
  for (const _ in parsed) parsedKeys++;
  return parsedKeys === rawKeys ? (raw as T) : parsed;
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
