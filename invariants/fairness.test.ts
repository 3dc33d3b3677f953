import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResultCode, Status } from '../services/common';
import { expectVerdict } from './expect-verdict';
import { checkFairness, fairnessChecker, measureFairness } from './fairness';
import type { History } from './history';
import { buildSyntheticHistory, syntheticRequestId } from './synthetic-history';
import { withFinal } from './test-helpers';

/** Strict FIFO: every seat goes to an earlier request than every rejection. */
function fifoHistory(requests = 200, capacity = 20): History {
  return buildSyntheticHistory({ requests, capacity, reorderWindow: 0, poisonShare: 0, duplicateShare: 0.1 });
}

/** Gives request `winner`'s seat to request `loser` (the statuses only; fairness reads no more). */
function swapOutcome(history: History, seated: number, rejected: number): History {
  const seatedId = syntheticRequestId(seated);
  const rejectedId = syntheticRequestId(rejected);
  return withFinal(history, {
    requests: history.final.requests.map((r) =>
      r.requestId === seatedId
        ? { ...r, status: Status.REJECTED, resultCode: ResultCode.REJECTED_CAPACITY }
        : r.requestId === rejectedId
          ? { ...r, status: Status.SUCCEEDED, resultCode: ResultCode.SUCCESS }
          : r,
    ),
  });
}

/** The definition, pair by pair: O(n^2), for small histories only. */
function countPairsByDefinition(history: History): { comparable: number; inversions: number } {
  const m = new Map<string, { sentAt: number; answeredAt: number }>();
  for (const op of history.operations) {
    if (op.type !== 'ok' || op.requestId === undefined || op.sentAt === undefined) continue;
    const seen = m.get(op.requestId);
    m.set(op.requestId, {
      sentAt: Math.min(seen?.sentAt ?? op.sentAt, op.sentAt),
      answeredAt: Math.min(seen?.answeredAt ?? op.time, op.time),
    });
  }
  const contenders = history.final.requests.flatMap((r) => {
    const t = m.get(r.requestId);
    const won = r.status === Status.SUCCEEDED;
    const lost = r.status === Status.REJECTED && r.resultCode === ResultCode.REJECTED_CAPACITY;
    return t !== undefined && (won || lost) && t.answeredAt >= t.sentAt ? [{ ...t, won }] : [];
  });
  let comparable = 0;
  let inversions = 0;
  for (const a of contenders) {
    for (const b of contenders) {
      if (a.answeredAt >= b.sentAt) continue;
      comparable++;
      if (!a.won && b.won) inversions++;
    }
  }
  return { comparable, inversions };
}

describe('fairness (I16)', () => {
  it('finds no inversion when the worker served strictly first come', () => {
    const verdict = checkFairness(fifoHistory());

    expect(verdict.valid).toBe(true);
    expect(verdict.counts.inversions).toBe(0);
    expect(verdict.counts.comparablePairs).toBeGreaterThan(0);
    expect(verdict.counterexamples).toEqual([]);
  });

  it('counts a seat given to a later request and quotes that pair first', () => {
    // Prepare: request 0 (answered first) loses its seat to request 150 (sent long after)
    const history = swapOutcome(fifoHistory(), 0, 150);

    // Act
    const m = measureFairness(history);

    // Assess: 0 is now behind every seat-holder sent after its answer (the other 19 and 150)
    expect(m.inversions).toBe(countPairsByDefinition(history).inversions);
    expect(m.inversions).toBeGreaterThan(0);
    expect(m.worstPairs[0]).toMatchObject({
      kind: 'inversion',
      rejected: { requestId: syntheticRequestId(0) },
      seated: { requestId: syntheticRequestId(150) },
    });
  });

  it('is a measure without a bound and a violation above a configured bound', () => {
    const history = swapOutcome(fifoHistory(), 0, 150);

    expect(checkFairness(history).valid).toBe(true);
    expect(fairnessChecker({ maxInversionRate: 0 })(history).valid).toBe(false);
    expect(fairnessChecker({ maxInversionRate: 0.5 })(history).valid).toBe(true);
  });

  it('answers unknown when no operation carries a send time', () => {
    const base = fifoHistory(50, 5);
    const history: History = { ...base, operations: base.operations.map(({ sentAt: _, ...op }) => op) };

    const verdict = fairnessChecker({ maxInversionRate: 0 })(history);

    expectVerdict(verdict, 'unknown', { comparablePairs: 0, withoutSendTime: 50 });
  });

  it('counts the same pairs as the definition, pair by pair', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        (requests, capacity, reorderWindow, seed) => {
          const history = buildSyntheticHistory({ requests, capacity, reorderWindow, seed, spikeMs: 200 });
          const m = measureFairness(history);
          const expected = countPairsByDefinition(history);
          expect({ comparable: m.comparablePairs, inversions: m.inversions }).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});
