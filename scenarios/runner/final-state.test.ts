import { describe, expect, it } from 'vitest';
import { buildRunHistory } from '../../invariants/test-helpers';
import { splitTable } from './final-state';

describe('splitTable', () => {
  const history = buildRunHistory({ users: 2 });
  const [request] = history.final.requests;

  it('files a request item that fails the request schema as an invalid request, quoted as read', () => {
    // Prepare: a request item with a status the contract does not know
    const invalid = { ...request, status: 'DONE' };

    // Act
    const contents = splitTable([invalid]);

    // Assess
    expect(contents.requests).toEqual([]);
    expect(contents.invalidRequests).toEqual([invalid]);
    expect(contents.malformed).toEqual([invalid]);
  });

  it('does not count an outbox or unknown item as a request, nor a valid request as invalid', () => {
    const outbox = { PK: 'OUTBOX#3', SK: 'RAT#0001736154000000#abc', requestId: 'abc' };
    const unknown = { PK: 'SOMETHING', SK: 'ELSE' };

    const contents = splitTable([outbox, unknown, { ...request }]);

    expect(contents.invalidRequests).toEqual([]);
    expect(contents.requests).toHaveLength(1);
  });
});
