/**
 * Grouping helpers shared by the checkers. Appending in place keeps a grouping pass O(n): the
 * spread form `[...(m.get(k) ?? []), x]` copies the group on every append, O(n^2) for one
 * large group and a heap full of garbage at 1M records.
 */
export function pushTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [value]);
  else group.push(value);
}

/**
 * The requestIds (UUIDs) a raw text contains, e.g. the body of a dead letter too broken to
 * parse. Ingest generates every requestId as a UUID, so this finds every id `text.includes(id)`
 * would, in one scan of the text instead of one scan per candidate id.
 */
const UUID_IN_TEXT = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

export function requestIdsIn(text: string): string[] {
  return text.match(UUID_IN_TEXT) ?? [];
}

/**
 * Each dead letter by the requestIds that name it: its parsed requestId or, for a body too
 * broken to parse, every requestId its raw text contains. Built once, so a look-up per request
 * is O(1) instead of a scan of every dead letter's body. The first dead letter naming an id wins.
 */
export function indexDeadLettersByName<D extends { readonly requestId?: string; readonly body: string }>(
  deadLetters: readonly D[],
  options: { readonly bodyEvenWhenParsed: boolean },
): Map<string, D> {
  const byName = new Map<string, D>();
  const name = (id: string, deadLetter: D) => {
    if (!byName.has(id)) byName.set(id, deadLetter);
  };
  for (const deadLetter of deadLetters) {
    if (deadLetter.requestId !== undefined) name(deadLetter.requestId, deadLetter);
    if (deadLetter.requestId === undefined || options.bodyEvenWhenParsed) {
      for (const id of requestIdsIn(deadLetter.body)) name(id, deadLetter);
    }
  }
  return byName;
}
