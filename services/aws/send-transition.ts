/**
 * Sends the items of one status change as a transaction, and turns a refused condition on the
 * request into a conflict that carries the item as it is, so the caller decides without a read.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  isAllowedTransition,
  type RequestItem,
  RequestItemSchema,
  type Status,
  type TransitionOutcome,
} from '../common';
import type { CallOptions } from '../worker/ports';
import { readCancellation } from './dynamo-errors';
import { type TransitionParts, transitionItems } from './request-items';

export async function sendTransition(
  documents: DynamoDBDocumentClient,
  tableName: string,
  request: RequestItem,
  to: Status,
  now: number,
  change: TransitionParts,
  options: CallOptions = {},
): Promise<TransitionOutcome> {
  // A snapshot that can no longer make this step (someone moved it first) is a conflict.
  if (!isAllowedTransition(request.status, to)) return { kind: 'conflict', current: request };
  try {
    await documents.send(
      new TransactWriteCommand({ TransactItems: [...transitionItems(tableName, request, to, now, change)] }),
      options,
    );
    return { kind: 'done' };
  } catch (err) {
    // transitionItems sends the request's update first, then its log (and the outbox delete).
    const refused = readCancellation(err, ['request'])?.request;
    if (refused?.code === 'ConditionalCheckFailed') return conflictWith(refused.item);
    throw err;
  }
}

/** A conflict with the item DynamoDB returned (marshalled, as ReturnValuesOnConditionCheckFailure gives it). */
export function conflictWith(item: Record<string, unknown> | undefined): TransitionOutcome {
  return item
    ? { kind: 'conflict', current: RequestItemSchema.parse(unmarshall(item as never)) }
    : { kind: 'conflict' };
}
