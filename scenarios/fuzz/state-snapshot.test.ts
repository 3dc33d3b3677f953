import { describe, expect, it } from 'vitest';
import { diffSnapshots, type StateSnapshot } from './state-snapshot';

const depth = { visible: 1, notVisible: 0, delayed: 0 };
const snapshot = (items: Record<string, unknown>[], main = depth): StateSnapshot => ({
  items: new Map(items.map((item) => [`${item.PK}|${item.SK}`, item])),
  mainQueue: main,
  deadLetterQueue: { visible: 0, notVisible: 0, delayed: 0 },
});
const request = { PK: 'REQ#1', SK: 'META', status: 'QUEUED', queuedAt: 5 };

describe('diffSnapshots', () => {
  it('finds nothing when the same items come back with their keys in another order', () => {
    const reordered = { queuedAt: 5, status: 'QUEUED', SK: 'META', PK: 'REQ#1' };

    expect(diffSnapshots(snapshot([request]), snapshot([reordered]))).toEqual([]);
  });

  it('reports added, changed and removed items and a queue that moved', () => {
    const before = snapshot([request, { PK: 'LOCK#1', SK: 'LOCK' }]);
    const after = snapshot(
      [
        { ...request, status: 'RECEIVED' },
        { PK: 'REQ#2', SK: 'META' },
      ],
      { visible: 2, notVisible: 0, delayed: 0 },
    );

    expect(diffSnapshots(before, after)).toEqual([
      'item changed: REQ#1|META',
      'item added: REQ#2|META',
      'item removed: LOCK#1|LOCK',
      'main queue: {"visible":1,"notVisible":0,"delayed":0} -> {"visible":2,"notVisible":0,"delayed":0}',
    ]);
  });
});
