import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queuedIndexKeys } from '../services/common';
import { indexKeysAsBuilt, readPaddedTimestamp } from './key-shape';

const request = {
  requestId: '00000000-0000-4000-8000-000000000007',
  eventId: 'EVT-009',
  userId: 'u-7',
  queuedAt: 1_736_154_000_123,
};

describe('indexKeysAsBuilt', () => {
  it('proves the keys queuedIndexKeys builds', () => {
    expect(indexKeysAsBuilt({ ...request, ...queuedIndexKeys(request) })).toBe(true);
  });

  it.each([
    ['another queuedAt in the sort key', { GSI2SK: queuedIndexKeys({ ...request, queuedAt: 1 }).GSI2SK }],
    ['another user partition', { GSI1PK: 'USER#u-8' }],
    ['a missing event partition', { GSI2PK: undefined }],
    ['no queuedAt', { queuedAt: undefined }],
  ])('does not prove %s', (_what, patch) => {
    expect(indexKeysAsBuilt({ ...request, ...queuedIndexKeys(request), ...patch })).toBe(false);
  });

  it('never proves keys that differ from the built ones, for any item', () => {
    const text = fc.string({ maxLength: 12 });
    const keys = fc.record({ GSI1PK: text, GSI1SK: text, GSI2PK: text, GSI2SK: text });
    fc.assert(
      fc.property(fc.nat({ max: 9_999_999_999_999 }), keys, fc.boolean(), (queuedAt, random, built) => {
        const item = {
          ...request,
          queuedAt,
          ...(built ? queuedIndexKeys({ ...request, queuedAt }) : random),
        };
        const expected = queuedIndexKeys(item);
        const equal = (['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const).every(
          (k) => item[k] === expected[k],
        );
        expect(indexKeysAsBuilt(item)).toBe(equal);
      }),
    );
  });
});

describe('readPaddedTimestamp', () => {
  it('reads the digits at the offset and refuses anything else', () => {
    expect(readPaddedTimestamp('LOG#1736154000123#QUEUED', 4)).toBe(1_736_154_000_123);
    expect(readPaddedTimestamp('LOG#17361540x0123#QUEUED', 4)).toBeUndefined();
    expect(readPaddedTimestamp('LOG#000173', 4)).toBeUndefined();
  });
});
