/**
 * The swallow policy (spec section 4): with EventBridge unreachable, every request still reaches
 * the same final statuses with the same deletes, nothing is published, and each miss is counted
 * in the EventPublishFailures metric.
 */
import { COUNTEREXAMPLE_LIMIT, type Verdict } from './verdict';

export interface SwallowObservation {
  readonly users: number;
  readonly capacity: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Messages left in the main queue and the DLQ after the drain. */
  readonly messagesLeft: number;
  /** Sum of EventPublishFailures over the sub-run, null if the metric could not be read. */
  readonly publishFailuresMetric: number | null;
  /** Analytics events that reached the bucket for the sub-run's event (EventBridge was down). */
  readonly eventsDelivered: number;
}

export function checkPublishSwallow(observation: SwallowObservation): Verdict {
  const expectedSucceeded = Math.min(observation.capacity, observation.users);
  const succeeded = observation.statusCounts.SUCCEEDED ?? 0;
  const rejected = observation.statusCounts.REJECTED ?? 0;
  const finals = succeeded + rejected + (observation.statusCounts.FAILED_FINAL ?? 0);
  const problems: unknown[] = [];
  if (succeeded !== expectedSucceeded || rejected !== observation.users - expectedSucceeded) {
    problems.push({
      kind: 'statusesChanged',
      expected: { SUCCEEDED: expectedSucceeded, REJECTED: observation.users - expectedSucceeded },
      got: observation.statusCounts,
    });
  }
  if (observation.messagesLeft !== 0)
    problems.push({ kind: 'messagesNotDeleted', left: observation.messagesLeft });
  if (observation.eventsDelivered !== 0)
    problems.push({ kind: 'eventsDespiteOutage', delivered: observation.eventsDelivered });
  if (observation.publishFailuresMetric !== null && observation.publishFailuresMetric !== finals) {
    problems.push({
      kind: 'metricDoesNotCountMisses',
      metric: observation.publishFailuresMetric,
      finalTransitions: finals,
    });
  }
  const valid = problems.length > 0 ? false : observation.publishFailuresMetric === null ? 'unknown' : true;
  return {
    id: 'I8s',
    title: 'Swallow policy: EventBridge unreachable changes no status and no delete; misses are counted',
    valid,
    summary:
      valid === true
        ? `${finals} requests final (${succeeded} SUCCEEDED, ${rejected} REJECTED) with EventBridge down; ${observation.publishFailuresMetric} misses counted`
        : valid === 'unknown'
          ? 'statuses and deletes held, but the EventPublishFailures metric could not be read'
          : `${problems.length} problem(s) with EventBridge unreachable`,
    counts: {
      users: observation.users,
      capacity: observation.capacity,
      succeeded,
      rejected,
      messagesLeft: observation.messagesLeft,
      publishFailuresMetric: observation.publishFailuresMetric ?? -1,
      eventsDelivered: observation.eventsDelivered,
    },
    counterexamples: problems.slice(0, COUNTEREXAMPLE_LIMIT),
  };
}
