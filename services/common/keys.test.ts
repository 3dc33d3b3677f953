import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_PATTERN } from './identifiers';
import {
  capacityKey,
  lockKey,
  padTimestamp,
  parseKey,
  queuedIndexKeys,
  requestKey,
  STATUS_LOG_SK_PREFIX,
  statusLogKey,
} from './keys';
import { ALL_STATUSES } from './status';

const MAX_TIMESTAMP = 9_999_999_999_999;

/** Identifiers built from the allowed alphabet: an alphanumeric first character, then 0-63 more. */
const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const identifierArb = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.string({ unit: fc.constantFrom(...ALNUM, '_', '.', ':', '-'), maxLength: 63 }),
  )
  .map(([first, rest]) => first + rest);
const requestIdArb = fc.oneof(fc.uuid(), identifierArb);
const timestampArb = fc.integer({ min: 0, max: MAX_TIMESTAMP });
const statusArb = fc.constantFrom(...ALL_STATUSES);

describe('identifier arbitrary', () => {
  it('only produces identifiers that IDENTIFIER_PATTERN accepts, up to 64 characters', () => {
    fc.assert(
      fc.property(identifierArb, (id) => {
        expect(id).toMatch(IDENTIFIER_PATTERN);
        expect(id.length).toBeLessThanOrEqual(64);
      }),
    );
  });
});

describe('parseKey round trips (property)', () => {
  it('gives back the requestId of a request key', () => {
    fc.assert(
      fc.property(requestIdArb, (requestId) => {
        // Act
        const parsed = parseKey(requestKey(requestId));

        // Assess
        expect(parsed).toEqual({ kind: 'request', requestId });
      }),
    );
  });

  it('gives back the eventId and userId of an idempotency lock key', () => {
    fc.assert(
      fc.property(identifierArb, identifierArb, (eventId, userId) => {
        const parsed = parseKey(lockKey(eventId, userId));

        expect(parsed).toEqual({ kind: 'lock', eventId, userId });
      }),
    );
  });

  it('gives back the eventId of a capacity key', () => {
    fc.assert(
      fc.property(identifierArb, (eventId) => {
        const parsed = parseKey(capacityKey(eventId));

        expect(parsed).toEqual({ kind: 'capacity', eventId });
      }),
    );
  });

  it('gives back requestId, occurredAt and toStatus of a status log key', () => {
    fc.assert(
      fc.property(requestIdArb, timestampArb, statusArb, (requestId, occurredAt, toStatus) => {
        // Act
        const key = statusLogKey(requestId, occurredAt, toStatus);
        const parsed = parseKey(key);

        // Assess
        expect(key.SK.startsWith(STATUS_LOG_SK_PREFIX)).toBe(true);
        expect(parsed).toEqual({ kind: 'statusLog', requestId, occurredAt, toStatus });
      }),
    );
  });
});

describe('parseKey examples', () => {
  it('builds the key strings of spec section 2', () => {
    // Act
    const keys = [
      requestKey('r-1'),
      lockKey('evt-1', 'user-1'),
      capacityKey('evt-1'),
      statusLogKey('r-1', 42, 'QUEUED'),
    ];

    // Assess
    expect(keys).toEqual([
      { PK: 'REQ#r-1', SK: 'META' },
      { PK: 'IDEMP#evt-1#user-1', SK: 'LOCK' },
      { PK: 'EVENT#evt-1', SK: 'CAPACITY' },
      { PK: 'REQ#r-1', SK: 'LOG#0000000000042#QUEUED' },
    ]);
  });

  it.each([
    { name: 'a GSI key', key: { PK: 'USER#u-1', SK: 'QAT#0000000000001#REQ#r-1' } },
    { name: 'a request key with an empty id', key: { PK: 'REQ#', SK: 'META' } },
    { name: 'a lock key with a third part', key: { PK: 'IDEMP#e#u#x', SK: 'LOCK' } },
    { name: 'a lock partition with the wrong sort key', key: { PK: 'IDEMP#e#u', SK: 'META' } },
    { name: 'an event partition with the wrong sort key', key: { PK: 'EVENT#e', SK: 'META' } },
    { name: 'a status log with an extra part', key: { PK: 'REQ#r', SK: 'LOG#0000000000001#QUEUED#x' } },
  ])('answers unknown for $name', ({ key }) => {
    expect(parseKey(key)).toEqual({ kind: 'unknown' });
  });
});

describe('padTimestamp', () => {
  it('pads to 13 digits that read back as the same number (property)', () => {
    fc.assert(
      fc.property(timestampArb, (t) => {
        // Act
        const padded = padTimestamp(t);

        // Assess
        expect(padded).toMatch(/^\d{13}$/);
        expect(Number(padded)).toBe(t);
      }),
    );
  });

  it('orders padded strings exactly as the numbers (property)', () => {
    fc.assert(
      fc.property(timestampArb, timestampArb, (a, b) => {
        // Act
        const [pa, pb] = [padTimestamp(a), padTimestamp(b)];
        const stringOrder = pa < pb ? -1 : pa > pb ? 1 : 0;

        // Assess
        expect(stringOrder).toBe(Math.sign(a - b));
      }),
    );
  });

  it('pads the ends of the range', () => {
    expect([padTimestamp(0), padTimestamp(7), padTimestamp(MAX_TIMESTAMP)]).toEqual([
      '0000000000000',
      '0000000000007',
      '9999999999999',
    ]);
  });

  it.each([-1, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2])(
    'throws a RangeError for %s, which is no epoch ms timestamp',
    (value) => {
      expect(() => padTimestamp(value)).toThrow(RangeError);
    },
  );
});

describe('queuedIndexKeys', () => {
  it('puts the user in GSI1, the event in GSI2 and the same queuedAt sort key in both', () => {
    // Prepare
    const args = { requestId: 'r-1', eventId: 'evt-1', userId: 'user-1', queuedAt: 1_736_154_000_123 };

    // Act
    const keys = queuedIndexKeys(args);

    // Assess
    expect(keys).toEqual({
      GSI1PK: 'USER#user-1',
      GSI1SK: 'QAT#1736154000123#REQ#r-1',
      GSI2PK: 'EVENT#evt-1',
      GSI2SK: 'QAT#1736154000123#REQ#r-1',
    });
  });

  it('builds USER# / EVENT# partitions and a QAT#<13 digits>#REQ#<id> sort key for any input (property)', () => {
    fc.assert(
      fc.property(
        requestIdArb,
        identifierArb,
        identifierArb,
        timestampArb,
        (requestId, eventId, userId, queuedAt) => {
          // Act
          const keys = queuedIndexKeys({ requestId, eventId, userId, queuedAt });

          // Assess
          expect(keys.GSI1PK).toBe(`USER#${userId}`);
          expect(keys.GSI2PK).toBe(`EVENT#${eventId}`);
          expect(keys.GSI1SK).toBe(keys.GSI2SK);
          const match = /^QAT#(\d{13})#REQ#(.+)$/.exec(keys.GSI1SK);
          expect(match?.[1]).toBeDefined();
          expect(Number(match?.[1])).toBe(queuedAt);
          expect(match?.[2]).toBe(requestId);
        },
      ),
    );
  });

  it('sorts the sort keys of one partition by queuedAt (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), timestampArb, timestampArb, (r1, r2, q1, q2) => {
        fc.pre(q1 !== q2);
        // Prepare
        const common = { eventId: 'evt-1', userId: 'user-1' };

        // Act
        const a = queuedIndexKeys({ ...common, requestId: r1, queuedAt: q1 }).GSI2SK;
        const b = queuedIndexKeys({ ...common, requestId: r2, queuedAt: q2 }).GSI2SK;

        // Assess
        expect(a < b).toBe(q1 < q2);
      }),
    );
  });
});
