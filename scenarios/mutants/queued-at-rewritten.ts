/**
 * Mutant: the RECEIVED -> QUEUED write also accepts QUEUED ("enqueueing twice is harmless"), so
 * the duplicate path's heal rewrites queuedAt, the index keys, and logs a second QUEUED.
 *
 *   click 1  |-create-|-SendMessage-|------ slow QUEUED write ------|-QUEUED t1-|
 *   click 2       |-duplicate: still RECEIVED, heal-|-SendMessage-|---- slow ----|-QUEUED t2-| <- rewrite
 *
 * The reference writes only `#status = RECEIVED AND attribute_not_exists(queuedAt)`: the second
 * write is refused and queuedAt stays t1. Scenario: HEAL_AFTER_MS=0 and a QUEUED write that lands
 * 1 s after SendMessage (both variants); one user double-clicks 200 ms apart with the worker off,
 * then a worker drains. Expected: I4 (two QUEUED logs, queuedAt differing from the first one).
 */

import { queuedIndexKeys, Status } from '../../services/common';
import { delayQueuedWrite } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { ingestWith, queuedWriteWith } from './request-writes';

/** The reference store whose QUEUED write also accepts a request that is QUEUED already. */
export const requeueableQueuedWriteStore = queuedWriteWith((request, queuedAt) => ({
  set: { queuedAt, ...queuedIndexKeys({ ...request, queuedAt }) },
  condition: '#status IN (:received, :queued)',
  values: { ':received': Status.RECEIVED, ':queued': Status.QUEUED },
}));

export const queuedAtRewrittenIngest = ingestWith(requeueableQueuedWriteStore);

export const queuedAtRewritten: MutantDefinition = {
  name: 'queued-at-rewritten',
  kind: 'ingest',
  description:
    'queuedAt rewritten on the duplicate path: the QUEUED write also accepts an already QUEUED request',
  expectedViolation: 'I4',
  scenario: stageScenario({ capacity: 5 }, async (stage, variant) => {
    const reference = stage.referenceStore();
    const store =
      variant === 'mutant'
        ? requeueableQueuedWriteStore(reference, stage.clients, stage.tableName)
        : reference;
    await stage.startIngest({ store: delayQueuedWrite(store, 1_000) }, { HEAL_AFTER_MS: '0' });
    const first = stage.participate('user-1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all([first, stage.participate('user-1')]);
    stage.startWorker();
  }),
};
