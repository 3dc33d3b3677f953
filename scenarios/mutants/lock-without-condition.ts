/**
 * Mutant: the idempotency lock is written without its condition.
 *
 *   reference  Put lock  condition attribute_not_exists(PK)   a second click becomes a duplicate
 *   mutant     Put lock  (none)                                a second click overwrites the lock
 *
 * Every click that finds no lock creates a request of its own, and the lock ends up naming the
 * last one. Scenario (racing-clicks.ts): two users each click three times at once (a read of the lock comes first,
 * so only clicks that race past it reach the write). Expected: I2 (two requestIds answered to one user,
 * two requests for one (eventId, userId) pair).
 */
import type { MutantDefinition } from './mutant';
import { overrideMethods } from './override-methods';
import { racingClicksOnTable } from './racing-clicks';
import { createWithItems, type IngestStoreWrapper, ingestWith } from './request-writes';

/** The reference create transaction, with the lock's Put stripped of its condition. */
export const unconditionalLockStore: IngestStoreWrapper = (store, clients, tableName) =>
  overrideMethods(store, {
    createReceived: () => (request) =>
      createWithItems(clients, tableName, request, ({ lock, request: put, log, outbox }) => {
        const {
          ConditionExpression: _,
          ReturnValuesOnConditionCheckFailure: __,
          ...unconditional
        } = lock.Put;
        return [{ Put: unconditional }, put, log, outbox];
      }),
  });

export const lockWithoutConditionIngest = ingestWith(unconditionalLockStore);

export const lockWithoutCondition: MutantDefinition = {
  name: 'lock-without-condition',
  kind: 'ingest',
  description: 'idempotency lock written without its condition: two requestIds for one user',
  expectedViolation: 'I2',
  scenario: racingClicksOnTable(unconditionalLockStore),
};
