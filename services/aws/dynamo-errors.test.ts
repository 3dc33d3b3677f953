import { describe, expect, it } from 'vitest';
import { readCancellation } from './dynamo-errors';

function cancelled(reasons: { Code?: string; Item?: Record<string, unknown> }[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: reasons,
  });
}

describe('readCancellation', () => {
  it('names each reason by the item sent at its position', () => {
    const err = cancelled([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Item: { status: { S: 'QUEUED' } } },
    ]);

    expect(readCancellation(err, ['seat', 'request'])).toEqual({
      seat: { code: 'None' },
      request: { code: 'ConditionalCheckFailed', item: { status: { S: 'QUEUED' } } },
    });
  });

  it("reads an item DynamoDB gave no reason for as 'None'", () => {
    expect(readCancellation(cancelled([{ Code: 'TransactionConflict' }]), ['lock', 'request'])).toEqual({
      lock: { code: 'TransactionConflict' },
      request: { code: 'None' },
    });
  });

  it('is undefined for any other error', () => {
    const failed = Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' });

    expect(readCancellation(failed, ['request'])).toBeUndefined();
    expect(readCancellation('TransactionCanceledException', ['request'])).toBeUndefined();
  });
});
