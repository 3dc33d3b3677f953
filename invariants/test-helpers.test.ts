import { describe, expect, it } from 'vitest';
import {
  CapacityItemSchema,
  LockItemSchema,
  RequestItemSchema,
  StatusLogItemSchema,
} from '../services/common';
import { buildRunHistory } from './test-helpers';

// The factories stand in for what a real run collects, so they must speak the contract's schemas.
describe('buildRunHistory', () => {
  it('builds items that the contract schemas accept', () => {
    const { final } = buildRunHistory({ capacity: 2, users: 4, poisonUsers: 1 });

    for (const request of final.requests) expect(RequestItemSchema.parse(request)).toEqual(request);
    for (const lock of final.locks) expect(LockItemSchema.safeParse(lock).success).toBe(true);
    for (const log of final.statusLogs) expect(StatusLogItemSchema.parse(log)).toEqual(log);
    for (const capacity of final.capacities) expect(CapacityItemSchema.parse(capacity)).toEqual(capacity);
  });
});
