import { describe, expect, it } from 'vitest';
import { checkPublishSwallow, type SwallowObservation } from './publish-swallow';

const healthy: SwallowObservation = {
  users: 20,
  capacity: 10,
  statusCounts: { SUCCEEDED: 10, REJECTED: 10 },
  messagesLeft: 0,
  publishFailuresMetric: 20,
  eventsDelivered: 0,
};

describe('swallow policy checker', () => {
  it('holds when statuses, deletes and the failure count are what the outage should leave', () => {
    expect(checkPublishSwallow(healthy).valid).toBe(true);
  });

  it('reports a worker that stopped deleting or oversold when publishing failed', () => {
    expect(checkPublishSwallow({ ...healthy, messagesLeft: 3 }).valid).toBe(false);
    expect(checkPublishSwallow({ ...healthy, statusCounts: { SUCCEEDED: 11, REJECTED: 9 } }).valid).toBe(
      false,
    );
  });

  it('reports misses that the metric did not count, and events that should not exist', () => {
    expect(checkPublishSwallow({ ...healthy, publishFailuresMetric: 0 }).counterexamples).toContainEqual(
      expect.objectContaining({ kind: 'metricDoesNotCountMisses' }),
    );
    expect(checkPublishSwallow({ ...healthy, eventsDelivered: 1 }).valid).toBe(false);
  });

  it('cannot decide without the metric', () => {
    expect(checkPublishSwallow({ ...healthy, publishFailuresMetric: null }).valid).toBe('unknown');
  });
});
