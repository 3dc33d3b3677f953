/**
 * Turns a .sql file of analytics/sql into the statement an engine runs. Pure.
 *
 * The files are written for an analyst: a comment block on top that explains the query, and
 * `${name}` placeholders inside string literals where a value (a date, a bucket) goes. Both
 * engines get the statement without that comment block and without the final semicolon,
 * because Athena decides a statement's type from its first token and runs one statement
 * without a terminator.
 */
import { QueryParametersMissingError, QueryParameterUnsafeError } from './errors';

export type QueryParams = Readonly<Record<string, string>>;

const PLACEHOLDER = /\$\{(\w+)\}/g;

export function renderQuery(template: string, params: QueryParams = {}): string {
  const statement = stripLeadingComments(template).trim().replace(/;\s*$/, '');
  const missing = [...statement.matchAll(PLACEHOLDER)]
    .map((match) => match[1] as string)
    .filter((name) => params[name] === undefined);
  if (missing.length > 0) throw new QueryParametersMissingError([...new Set(missing)]);
  return statement.replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name] as string;
    // Every placeholder sits inside '...': a quote would end the literal and a backslash could
    // escape it in one of the dialects, so neither is let through.
    if (/['\\]/.test(value)) throw new QueryParameterUnsafeError(name);
    return value;
  });
}

function stripLeadingComments(sql: string): string {
  const lines = sql.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return first === -1 ? '' : lines.slice(first).join('\n');
}

/** A short label for a statement that did not come from a named file, for error messages. */
export function describeStatement(sql: string): string {
  const flat = stripLeadingComments(sql).replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `"${flat.slice(0, 57)}..."` : `"${flat}"`;
}
