/**
 * Follows service log files and prints them readably: `HH:MM:SS service level message key=value`.
 * Services log pino JSON (for machines); this turns it back into lines for people.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name']);

export function formatLogLine(service: string, line: string): string {
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const time = new Date(Number(entry.time)).toISOString().slice(11, 19);
    const fields = Object.entries(entry)
      .filter(([key]) => !HIDDEN.has(key))
      .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
    return `${time} ${service.padEnd(8)} ${(LEVELS[Number(entry.level)] ?? '?').padEnd(5)} ${entry.msg ?? ''} ${fields.join(' ')}`;
  } catch {
    return `${service.padEnd(17)} ${line}`;
  }
}

export function followLogs(dir: string, files: readonly string[]): () => void {
  const offsets = new Map<string, number>(files.map((file) => [file, 0]));
  const timer = setInterval(() => {
    for (const file of files) {
      const path = join(dir, file);
      let size: number;
      try {
        size = statSync(path).size;
      } catch {
        continue;
      }
      const from = offsets.get(file) ?? 0;
      if (size <= from) continue;
      const buffer = Buffer.alloc(size - from);
      const fd = openSync(path, 'r');
      readSync(fd, buffer, 0, buffer.length, from);
      closeSync(fd);
      const text = buffer.toString('utf8');
      const complete = text.lastIndexOf('\n') + 1;
      offsets.set(file, from + Buffer.byteLength(text.slice(0, complete)));
      for (const line of text.slice(0, complete).split('\n')) {
        if (line) console.log(formatLogLine(file.replace(/\.log$/, ''), line));
      }
    }
  }, 250);
  return () => clearInterval(timer);
}
