/**
 * I9 Worker off (spec section 6.9): while no worker runs, nothing may consume the queue or take
 * a seat; once it starts, the backlog drains.
 *
 *   first participation          worker starts                      last sample
 *   |--- off window: capacityRemaining = N, ---|--- on window: depth reaches 0 ---|
 *   |    depth (visible + notVisible) never    |
 *   |    falls, and is > 0 if a 202 came back  |
 *
 * The off window is the samples with workerRunning = false from the first participation up to
 * the first sample with the worker running; samples before the first participation are setup.
 * A later stop of the worker (chaos) is not judged here: seats are legitimately gone by then.
 * Without samples in either window the invariant cannot be decided: 'unknown'.
 */
import type { History, QueueSample } from './history';
import { COUNTEREXAMPLE_LIMIT, type Validity, type Verdict } from './verdict';

export function checkWorkerOff(history: History): Verdict {
  const seats = history.parameters.capacity;
  // reduce, not Math.min(...spread): a spike can hold more operations than a call has arguments.
  const firstParticipation = history.operations.reduce(
    (min, op) => Math.min(min, op.time),
    Number.POSITIVE_INFINITY,
  );
  const samples = [...history.samples]
    .sort((a, b) => a.time - b.time)
    .filter((s) => s.time >= firstParticipation);
  const firstOn = samples.findIndex((s) => s.workerRunning);
  const off = firstOn === -1 ? samples : samples.slice(0, firstOn);
  const on = firstOn === -1 ? [] : samples.slice(firstOn);
  const lastOff = off.at(-1);
  const lastOn = on.at(-1);
  const okWhileOff = history.operations.filter(
    (op) => op.type === 'ok' && lastOff !== undefined && op.time <= lastOff.time,
  );
  const offWithCapacity = off.filter((s) => s.capacityRemaining !== null);
  const counterexamples: unknown[] = [];
  const counts = {
    offSamples: off.length,
    onSamples: on.length,
    okOperationsWhileOff: okWhileOff.length,
    maxDepthWhileOff: off.reduce((max, s) => Math.max(max, depth(s)), 0),
    depthFalls: 0,
    capacityChanges: 0,
    finalDepth: lastOn === undefined ? 0 : depth(lastOn),
  };

  for (const sample of offWithCapacity) {
    if (sample.capacityRemaining === seats) continue;
    counts.capacityChanges++;
    counterexamples.push({ kind: 'capacityChangedWhileOff', capacity: seats, sample });
  }
  for (const [i, after] of off.entries()) {
    const before = off[i - 1];
    if (before === undefined || depth(after) >= depth(before)) continue;
    counts.depthFalls++;
    counterexamples.push({ kind: 'depthFellWhileOff', before, after });
  }
  if (okWhileOff.length > 0 && counts.maxDepthWhileOff === 0) {
    counterexamples.push({
      kind: 'depthNeverRose',
      firstAnswer: okWhileOff[0],
      samples: off.slice(0, COUNTEREXAMPLE_LIMIT),
    });
  }
  if (lastOn !== undefined && depth(lastOn) > 0)
    counterexamples.push({ kind: 'notDrained', lastSample: lastOn });

  const undecided = [
    ...(off.length === 0 ? ['no sample with the worker off after the first participation'] : []),
    ...(on.length === 0 ? ['no sample after the worker started'] : []),
    ...(off.length > 0 && offWithCapacity.length === 0
      ? ['capacityRemaining unread while the worker was off']
      : []),
  ];
  const valid: Validity = counterexamples.length > 0 ? false : undecided.length > 0 ? 'unknown' : true;
  const phases = phasesDuring(history, off);
  return {
    id: 'I9',
    title: 'Worker off: capacity unchanged and queue depth not falling; depth drains to 0 once it starts',
    valid,
    summary:
      valid === true
        ? `worker off during ${phases}: depth rose to ${counts.maxDepthWhileOff} with capacity ${seats} kept, then drained to 0`
        : valid === 'unknown'
          ? undecided.join('; ')
          : `${counterexamples.length} violation(s) around the worker-off window (${phases})`,
    counts: { ...counts, violations: counterexamples.length },
    counterexamples: counterexamples.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}

/** Messages still in the main queue: waiting, or received and not yet deleted. */
function depth(sample: QueueSample): number {
  return sample.visible + sample.notVisible;
}

/** Names of the phases the off window overlaps, for the reader of the summary. */
function phasesDuring(history: History, off: readonly QueueSample[]): string {
  const from = off[0]?.time;
  const to = off.at(-1)?.time;
  if (from === undefined || to === undefined) return 'no phase';
  const names = history.phases
    .filter((p) => p.startedAt <= to && (p.endedAt ?? Number.POSITIVE_INFINITY) >= from)
    .map((p) => p.name);
  return names.length > 0 ? names.join(', ') : 'unnamed phases';
}
