import { describe, expect, it } from 'vitest';
import { expectVerdict } from './expect-verdict';
import type { History, ParticipateOperation } from './history';
import { checkHttp } from './http';
import { buildOperation, buildRunHistory, requestIdFor } from './test-helpers';

function withOperations(operations: ParticipateOperation[]): History {
  return { ...buildRunHistory({ users: 0 }), operations };
}

function accepted(count: number): ParticipateOperation[] {
  return Array.from({ length: count }, (_, i) =>
    buildOperation({ userId: `user-${i}`, requestId: requestIdFor(i + 1) }),
  );
}

describe('checkHttp (I10)', () => {
  it('accepts 202 answers that carry a requestId and no status', () => {
    // Prepare
    const history = buildRunHistory({ users: 5 });

    // Act
    const verdict = checkHttp(history);

    // Assess
    expectVerdict(verdict, true, { total: 6, ok: 6, failed: 0, 'byStatus.202': 6 });
  });

  it('accepts failures below 1%', () => {
    const timeout = buildOperation({ type: 'info', httpStatus: undefined, requestId: undefined });
    const history = withOperations([...accepted(199), timeout]);

    const verdict = checkHttp(history);

    expectVerdict(verdict, true, { total: 200, info: 1, failed: 1, 'byStatus.none': 1 });
  });

  it('reports failures at 1% or more, quoting them', () => {
    const unavailable = buildOperation({ type: 'fail', httpStatus: 503, requestId: undefined });
    const timeout = buildOperation({ type: 'info', httpStatus: undefined, requestId: undefined });
    const history = withOperations([...accepted(98), unavailable, timeout]);

    const verdict = checkHttp(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'tooManyFailures',
      failed: 2,
      total: 100,
      failures: [unavailable, timeout],
    });
  });

  it('reports exactly 1% failed: the limit is strictly below', () => {
    const unavailable = buildOperation({ type: 'fail', httpStatus: 503, requestId: undefined });

    const verdict = checkHttp(withOperations([...accepted(99), unavailable]));

    expect(verdict.valid).toBe(false);
    expect(verdict.counts.failedPercent).toBe(1);
  });

  it('reports a 202 without requestId', () => {
    // Prepare: the collector could not classify it as ok, so it recorded a fail with HTTP 202
    const bare = buildOperation({ type: 'fail', httpStatus: 202, requestId: undefined });
    const history = withOperations([...accepted(200), bare]);

    // Act
    const verdict = checkHttp(history);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toEqual([
      { kind: 'bad202', problems: ['no requestId'], operation: bare },
    ]);
  });

  it('reports a 202 whose body carries a status', () => {
    const chatty = buildOperation({ bodyHasStatus: true });
    const history = withOperations([...accepted(10), chatty]);

    const verdict = checkHttp(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'bad202',
      problems: ['body has a status field'],
      operation: chatty,
    });
  });

  it('answers unknown when no participation was recorded', () => {
    expect(checkHttp(withOperations([])).valid).toBe('unknown');
  });
});
