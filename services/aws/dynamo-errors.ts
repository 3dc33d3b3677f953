/**
 * Translation of DynamoDB's transaction answers. A cancelled TransactWriteItems names, per item
 * in the order they were sent, why it failed. The caller names its items once, in that order, and
 * reads the reasons by name: no `codes[0]` that silently means another item when one is added.
 */
export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | string;

export interface CancellationReason {
  readonly code: CancellationCode;
  /** The item as it was, for an item whose condition failed (ReturnValuesOnConditionCheckFailure). */
  readonly item?: Record<string, unknown>;
}

/** The reason of every named item of a cancelled transaction. */
export type CancelledTransaction<Name extends string> = Readonly<Record<Name, CancellationReason>>;

interface RawReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

/**
 * The reasons of a TransactionCanceledException, by the names of the items as sent
 * (`names[i]` is the i-th item); undefined for any other error. An item DynamoDB gave no reason
 * for reads 'None'.
 */
export function readCancellation<const Name extends string>(
  err: unknown,
  names: readonly Name[],
): CancelledTransaction<Name> | undefined {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as Error & { CancellationReasons?: RawReason[] }).CancellationReasons ?? [];
  return Object.fromEntries(
    names.map((name, i) => {
      const reason = reasons[i];
      return [name, { code: reason?.Code ?? 'None', ...(reason?.Item ? { item: reason.Item } : {}) }];
    }),
  ) as CancelledTransaction<Name>;
}

export function isConditionalCheckFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}
