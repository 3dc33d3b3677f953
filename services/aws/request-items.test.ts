import { describe, expect, it } from 'vitest';
import { lockKey, outboxKey, type RequestItem, requestKey, Status } from '../common';
import { finalChange, receivedItems, seatItem, transitionItems } from './request-items';

const TABLE = 'participations';
const REQUESTED_AT = 1_700_000_000_000;
const NEW_REQUEST = {
  requestId: '0b6f3f9e-6c2c-4a8e-9a57-6a2c5f1d0e11',
  eventId: 'EVT-1',
  userId: 'user-1',
  eventType: 'FIRST_COME',
  requestedAt: REQUESTED_AT,
} as const;

function processing(attempt: number): RequestItem {
  return {
    ...receivedItems(TABLE, NEW_REQUEST).item,
    status: Status.PROCESSING,
    attempt,
    queuedAt: REQUESTED_AT + 5,
  };
}

describe('receivedItems', () => {
  it('writes the lock only if none exists and asks for the existing one back', () => {
    const { lock } = receivedItems(TABLE, NEW_REQUEST);

    expect(lock.Put.Item).toMatchObject({ ...lockKey('EVT-1', 'user-1'), requestId: NEW_REQUEST.requestId });
    expect(lock.Put.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(lock.Put.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
  });

  it('gives the lock no TTL for an event without an end, and end + 7 days otherwise', () => {
    const endsAt = REQUESTED_AT + 3_600_000;

    expect(receivedItems(TABLE, NEW_REQUEST).lock.Put.Item).not.toHaveProperty('ttl');
    expect(receivedItems(TABLE, { ...NEW_REQUEST, eventEndsAt: endsAt }).lock.Put.Item.ttl).toBe(
      Math.floor((endsAt + 7 * 24 * 3_600_000) / 1000),
    );
  });

  it('creates a RECEIVED request at attempt 0 with its first log and an outbox entry', () => {
    const { item, log, outbox } = receivedItems(TABLE, NEW_REQUEST);

    expect(item).toMatchObject({ ...requestKey(NEW_REQUEST.requestId), status: Status.RECEIVED, attempt: 0 });
    expect(log.Put.Item).toMatchObject({ fromStatus: null, toStatus: Status.RECEIVED, attempt: 0 });
    expect(outbox.Put.Item).toMatchObject(outboxKey(NEW_REQUEST.requestId, REQUESTED_AT));
  });
});

describe('transitionItems', () => {
  it('conditions the update on the status and attempt read, and logs the step', () => {
    const request = processing(2);
    const [update, log] = transitionItems(TABLE, request, Status.SUCCEEDED, 99, finalChange('SUCCESS', 99));

    expect(update.Update.ConditionExpression).toBe('#status = :from AND attempt = :seenAttempt');
    expect(update.Update.ExpressionAttributeValues).toMatchObject({
      ':from': Status.PROCESSING,
      ':seenAttempt': 2,
      ':status': Status.SUCCEEDED,
    });
    expect(update.Update.UpdateExpression).toContain('REMOVE #leaseExpiresAt');
    expect(log.Put.Item).toMatchObject({
      fromStatus: Status.PROCESSING,
      toStatus: Status.SUCCEEDED,
      attempt: 2,
    });
  });

  it('deletes the outbox entry in the same transaction when the step leaves RECEIVED', () => {
    const request = receivedItems(TABLE, NEW_REQUEST).item;
    const items = transitionItems(TABLE, request, Status.QUEUED, 7, {
      set: { queuedAt: 7 },
      condition: '#status = :from',
      leavesOutbox: true,
    });

    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({
      Delete: { TableName: TABLE, Key: outboxKey(NEW_REQUEST.requestId, REQUESTED_AT) },
    });
  });

  it('refuses a step the transition table does not have', () => {
    expect(() =>
      transitionItems(TABLE, processing(1), Status.QUEUED, 7, { set: {}, condition: '#status = :from' }),
    ).toThrow(/not in the transition table/);
  });
});

describe('seatItem', () => {
  it('takes a seat only while one is left', () => {
    expect(seatItem(TABLE, 'EVT-1', 5).Update).toMatchObject({
      ConditionExpression: 'capacityRemaining > :zero',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':now': 5 },
    });
  });
});
