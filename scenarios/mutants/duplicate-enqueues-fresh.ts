/**
 * Mutant: the duplicate path treats a second click as the retry of a failed first one, writes the
 * request again under the fresh requestId it generated (without the lock, which still names the
 * first) and enqueues it.
 *
 *   click 1  |-lock + request R1-|-SendMessage R1-|-QUEUED-|-202 R1-|
 *   click 2  |-lock exists: duplicate-|-request R2 (no lock)-|-SendMessage R2-|-QUEUED-|-202 R2-|
 *
 * Scenario: two users each click three times at once (only clicks that race past the lock read
 * reach the create transaction). Expected: I2 (two requestIds answered to
 * one user, two requests for one pair while the lock names only one).
 */
import type { MutantDefinition } from './mutant';
import { overrideMethods } from './override-methods';
import { racingClicksOnTable } from './racing-clicks';
import { createWithItems, type IngestStoreWrapper, ingestWith } from './request-writes';

/** The reference create; on a duplicate, the request and its log again under the fresh id, lockless. */
export const freshRequestOnDuplicateStore: IngestStoreWrapper = (store, clients, tableName) =>
  overrideMethods(store, {
    createReceived: (reference) => async (request) => {
      const outcome = await reference(request);
      if (outcome.kind === 'created') return outcome;
      return createWithItems(clients, tableName, request, ({ request: put, log }) => [put, log]);
    },
  });

export const duplicateEnqueuesFreshIngest = ingestWith(freshRequestOnDuplicateStore);

export const duplicateEnqueuesFresh: MutantDefinition = {
  name: 'duplicate-enqueues-fresh',
  kind: 'ingest',
  description: 'the duplicate path enqueues again under a fresh requestId',
  expectedViolation: 'I2',
  scenario: racingClicksOnTable(freshRequestOnDuplicateStore),
};
