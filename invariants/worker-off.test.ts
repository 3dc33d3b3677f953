import { describe, expect, it } from 'vitest';
import { expectVerdict } from './expect-verdict';
import type { History, QueueSample } from './history';
import { buildRunHistory, buildSample, T0, WORKER_ON_AT } from './test-helpers';
import { checkWorkerOff } from './worker-off';

function withSamples(history: History, samples: QueueSample[]): History {
  return { ...history, samples };
}

describe('checkWorkerOff (I9)', () => {
  it('accepts a backlog that grows while the worker is off and drains once it runs', () => {
    // Prepare
    const history = buildRunHistory({ capacity: 3, users: 5 });

    // Act
    const verdict = checkWorkerOff(history);

    // Assess
    expectVerdict(verdict, true, { offSamples: 2, onSamples: 2, maxDepthWhileOff: 5, finalDepth: 0 });
    expect(verdict.summary).toContain('spike-worker-off');
  });

  it('reports the depth falling while the worker is off, quoting both samples', () => {
    // Prepare: something consumed two messages although no worker ran
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const before = buildSample({ time: T0 + 100, visible: 5, capacityRemaining: 3 });
    const after = buildSample({ time: T0 + 200, visible: 3, capacityRemaining: 3 });
    const history = withSamples(base, [...base.samples, before, after]);

    // Act
    const verdict = checkWorkerOff(history);

    // Assess
    expect(verdict.valid).toBe(false);
    expect(verdict.counts.depthFalls).toBe(1);
    expect(verdict.counterexamples).toContainEqual({ kind: 'depthFellWhileOff', before, after });
  });

  it('reports a seat taken while the worker is off', () => {
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const taken = buildSample({ time: T0 + 300, visible: 5, capacityRemaining: 2 });
    const history = withSamples(base, [...base.samples, taken]);

    const verdict = checkWorkerOff(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({
      kind: 'capacityChangedWhileOff',
      capacity: 3,
      sample: taken,
    });
  });

  it('reports a depth that never rose although participations were accepted', () => {
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const samples = base.samples.map((s) => (s.workerRunning ? s : { ...s, visible: 0 }));

    const verdict = checkWorkerOff(withSamples(base, samples));

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual(expect.objectContaining({ kind: 'depthNeverRose' }));
  });

  it('reports a queue that is not empty at the last sample', () => {
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const stuck = buildSample({
      time: WORKER_ON_AT + 90_000,
      notVisible: 1,
      capacityRemaining: 0,
      workerRunning: true,
    });
    const history = withSamples(base, [...base.samples, stuck]);

    const verdict = checkWorkerOff(history);

    expect(verdict.valid).toBe(false);
    expect(verdict.counterexamples).toContainEqual({ kind: 'notDrained', lastSample: stuck });
  });

  it('answers unknown when the worker was never sampled off after the first participation', () => {
    const base = buildRunHistory({ capacity: 3, users: 5 });
    const history = withSamples(
      base,
      base.samples.map((s) => ({ ...s, workerRunning: true })),
    );

    const verdict = checkWorkerOff(history);

    expect(verdict.valid).toBe('unknown');
    expect(verdict.summary).toContain('no sample with the worker off');
  });
});
