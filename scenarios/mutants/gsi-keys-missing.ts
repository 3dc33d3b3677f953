/**
 * Mutant: the QUEUED transition writes status and queuedAt but not the index keys.
 *
 *   reference  SET status = QUEUED, queuedAt, GSI1PK, GSI1SK, GSI2PK, GSI2SK
 *   mutant     SET status = QUEUED, queuedAt
 *
 * The request is processed normally but never appears in GSI1 (/me/participations) or GSI2
 * (the operator's view). Scenario: two users participate, a worker drains, each user lists their
 * participations. Expected: I4 (index keys differ from the ones the key module builds), and the
 * access check finds the caller's own requests missing from /me/participations.
 */
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { ingestWith, queuedWriteWith } from './request-writes';

/** The reference store whose QUEUED write sets queuedAt alone. */
export const queuedWithoutIndexKeysStore = queuedWriteWith((_request, queuedAt) => ({
  set: { queuedAt },
  condition: '#status = :from AND attribute_not_exists(queuedAt)',
}));

export const gsiKeysMissingIngest = ingestWith(queuedWithoutIndexKeysStore);

export const gsiKeysMissing: MutantDefinition = {
  name: 'gsi-keys-missing',
  kind: 'ingest',
  description: 'GSI keys not set at the QUEUED transition: the request never appears in the lists',
  expectedViolation: 'I4',
  alsoViolates: ['I13'],
  scenario: stageScenario({ capacity: 5 }, async (stage, variant) => {
    await stage.startIngest(variant === 'mutant' ? gsiKeysMissingIngest(stage.clients, stage.tableName) : {});
    stage.startWorker();
    await Promise.all([stage.participate('user-1'), stage.participate('user-2')]);
  }),
};
