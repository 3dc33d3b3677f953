/**
 * Reading a system's answers through its declared shape: the requestId of a 202, whether a 202
 * body carries anything the spec forbids, and the timestamps of a request read. Pure.
 */
import type { AnswerShape } from './system-under-test';

/** The value at a dotted path ('' is the object itself). */
export function valueAt(body: unknown, path: string): unknown {
  if (path === '') return body;
  let current: unknown = body;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function requestIdOf(body: unknown, shape: AnswerShape): string | undefined {
  const value = valueAt(body, shape.requestIdPath);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Fields of a 202 body beyond the requestId and the declared extras (I10: no status, nothing else). */
export function unexpected202Fields(body: unknown, shape: AnswerShape): string[] {
  if (body === null || typeof body !== 'object') return [];
  const allowed = new Set([shape.requestIdPath.split('.')[0], ...shape.extra202Fields]);
  return Object.keys(body).filter((key) => !allowed.has(key));
}

export interface RequestTimestamps {
  readonly requestedAt?: number;
  readonly queuedAt?: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

export function timestampsOf(body: unknown, shape: AnswerShape): RequestTimestamps {
  const holder = valueAt(body, shape.timestampsPath);
  const read = (key: keyof RequestTimestamps) => {
    const value = valueAt(holder, key);
    return typeof value === 'number' ? { [key]: value } : {};
  };
  return { ...read('requestedAt'), ...read('queuedAt'), ...read('startedAt'), ...read('finishedAt') };
}
