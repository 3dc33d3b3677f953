import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUpdate } from './update-expression';

describe('buildUpdate', () => {
  it('sets, sets once and removes, with only the names and values in use', () => {
    const built = buildUpdate({
      set: { status: 'PROCESSING', attempt: 2 },
      setIfNotExists: { startedAt: 5 },
      remove: ['leaseExpiresAt'],
      condition: '#status = :from AND attempt = :seen',
      names: { '#status': 'status', '#unused': 'unused' },
      values: { ':from': 'QUEUED', ':seen': 1, ':unused': 0 },
    });

    expect(built).toEqual({
      UpdateExpression:
        'SET #status = :status, #attempt = :attempt, #startedAt = if_not_exists(#startedAt, :startedAt) REMOVE #leaseExpiresAt',
      ConditionExpression: '#status = :from AND attempt = :seen',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#attempt': 'attempt',
        '#startedAt': 'startedAt',
        '#leaseExpiresAt': 'leaseExpiresAt',
      },
      ExpressionAttributeValues: {
        ':status': 'PROCESSING',
        ':attempt': 2,
        ':startedAt': 5,
        ':from': 'QUEUED',
        ':seen': 1,
      },
    });
  });

  it('keeps a value whose placeholder is a prefix of another one apart from it', () => {
    const built = buildUpdate({
      set: { queuedAt: 7 },
      condition: 'attribute_not_exists(queuedAt) AND :queued = :queued',
      values: { ':queued': 'QUEUED' },
    });

    expect(built.ExpressionAttributeValues).toEqual({ ':queuedAt': 7, ':queued': 'QUEUED' });
  });

  it('refuses attribute names that are not plain, a placeholder used twice with two values, and an empty set', () => {
    expect(() => buildUpdate({ set: { 'a.b': 1 } })).toThrow(RangeError);
    expect(() => buildUpdate({ set: { attempt: 2 }, values: { ':attempt': 1 } })).toThrow(RangeError);
    expect(() => buildUpdate({ set: {}, remove: ['x'] })).toThrow(RangeError);
  });

  it('refuses a condition placeholder that has no value or name', () => {
    expect(() => buildUpdate({ set: { attempt: 2 }, condition: 'attempt = :seen' })).toThrow(
      /:seen has no value/,
    );
    expect(() => buildUpdate({ set: { attempt: 2 }, condition: '#state = :s', values: { ':s': 1 } })).toThrow(
      /#state has no value or name/,
    );
  });

  it('names every set field once, and every value it returns is used by an expression (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/), fc.integer(), { minKeys: 1, maxKeys: 6 }),
        (set) => {
          const built = buildUpdate({ set });
          const text = `${built.UpdateExpression} ${built.ConditionExpression ?? ''}`;
          expect(Object.keys(built.ExpressionAttributeNames).sort()).toEqual(
            Object.keys(set)
              .map((field) => `#${field}`)
              .sort(),
          );
          for (const placeholder of Object.keys(built.ExpressionAttributeValues))
            expect(text).toContain(placeholder);
        },
      ),
    );
  });
});
