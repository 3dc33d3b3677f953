/**
 * Translation of DynamoDB's transaction answers. A cancelled TransactWriteItems names, per item
 * in order, why it failed; the store turns that into domain outcomes.
 */
export type CancellationCode = 'None' | 'ConditionalCheckFailed' | 'TransactionConflict' | string;

export interface CancelledTransaction {
  readonly codes: readonly CancellationCode[];
  /** The item as it was, for items whose condition failed (ReturnValuesOnConditionCheckFailure). */
  readonly items: readonly (Record<string, unknown> | undefined)[];
}

interface CancellationReason {
  Code?: string;
  Item?: Record<string, unknown>;
}

export function readCancellation(err: unknown): CancelledTransaction | undefined {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return undefined;
  const reasons = (err as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
  return {
    codes: reasons.map((reason) => reason.Code ?? 'None'),
    items: reasons.map((reason) => reason.Item),
  };
}

export function isConditionalCheckFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}
