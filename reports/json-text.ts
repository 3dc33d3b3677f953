/**
 * JSON for humans and files. Counterexamples and histories are `unknown`: a bigint would make
 * JSON.stringify throw and lose the whole report, and `undefined` would yield no text at all.
 */
export function toJsonText(value: unknown, indent = 2): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    indent,
  );
  return text ?? 'null';
}
