/**
 * Builds a DynamoDB UpdateExpression with its names and values from named pieces, so that no
 * method of the store concatenates expression strings by hand. Pure; tested on its own.
 *
 *   set            #f = :f                    every field written
 *   setIfNotExists #f = if_not_exists(#f, :f)  fields written only once (startedAt)
 *   remove         REMOVE #f (beside at least one set)
 *   condition      as written, with its own :placeholders in `values`
 *
 * DynamoDB refuses names and values that no expression uses, so only those in use are returned;
 * a placeholder the condition uses without a value is refused here, before DynamoDB sees it.
 */
export interface UpdateParts {
  readonly set: Readonly<Record<string, unknown>>;
  readonly setIfNotExists?: Readonly<Record<string, unknown>>;
  readonly remove?: readonly string[];
  readonly condition?: string;
  /** Values of the condition's placeholders (':name' -> value). */
  readonly values?: Readonly<Record<string, unknown>>;
  /** Names of the condition's placeholders ('#name' -> attribute). */
  readonly names?: Readonly<Record<string, string>>;
}

export interface BuiltUpdate {
  readonly UpdateExpression: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, unknown>;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /[#:][A-Za-z0-9_]+/g;

export function buildUpdate(parts: UpdateParts): BuiltUpdate {
  const names: Record<string, string> = { ...parts.names };
  const values: Record<string, unknown> = { ...parts.values };
  const sets: string[] = [];
  const name = (field: string) => {
    if (!FIELD.test(field)) throw new RangeError(`not a plain attribute name: ${field}`);
    names[`#${field}`] = field;
    return `#${field}`;
  };
  const value = (field: string, v: unknown) => {
    const placeholder = `:${field}`;
    if (placeholder in values && values[placeholder] !== v) {
      throw new RangeError(`placeholder ${placeholder} is used by the condition with another value`);
    }
    values[placeholder] = v;
    return placeholder;
  };
  for (const [field, v] of Object.entries(parts.set)) sets.push(`${name(field)} = ${value(field, v)}`);
  for (const [field, v] of Object.entries(parts.setIfNotExists ?? {})) {
    const n = name(field);
    sets.push(`${n} = if_not_exists(${n}, ${value(field, v)})`);
  }
  const removes = (parts.remove ?? []).map(name);
  // DynamoDB refuses an empty ExpressionAttributeValues: every update here sets at least one field.
  if (sets.length === 0) throw new RangeError('an update must set at least one field');
  const update = [
    sets.length ? `SET ${sets.join(', ')}` : '',
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  // Placeholders are read off the expressions as tokens (a name or value is in use iff its token
  // appears), so that ':queued' is never mistaken for a part of ':queuedAt'.
  const inUse = new Set(`${update} ${parts.condition ?? ''}`.match(PLACEHOLDER) ?? []);
  for (const token of inUse) {
    if (!(token in values) && !(token in names))
      throw new RangeError(`placeholder ${token} has no value or name`);
  }
  const usedValues = Object.fromEntries(Object.entries(values).filter(([key]) => inUse.has(key)));
  const usedNames = Object.fromEntries(Object.entries(names).filter(([key]) => inUse.has(key)));
  return {
    UpdateExpression: update,
    ...(parts.condition ? { ConditionExpression: parts.condition } : {}),
    ExpressionAttributeNames: usedNames,
    ExpressionAttributeValues: usedValues,
  };
}
