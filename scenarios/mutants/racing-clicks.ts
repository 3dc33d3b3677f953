/**
 * The racing-clicks scenario of the lock mutants: every create transaction is held for a moment
 * (for both variants), so clicks sent together all read the lock before any of them writes it,
 * and a broken lock or duplicate path shows in the create transaction itself.
 */
import type { IngestStore } from '../../services/ingest/ports';
import { delayCreates } from './faults';
import type { MutantDefinition } from './mutant';
import { type MutantStage, type StageOptions, stageScenario } from './mutant-stage';
import type { IngestStoreWrapper } from './request-writes';

/** How long each create waits (delayCreates), so that racing clicks all read the lock first. */
export const RACE_WINDOW_MS = 150;

/**
 * Each user clicks three times at once and once more 100 ms later. Ingest reads the lock before
 * it writes one: only clicks that race past that read reach the create transaction, where a
 * broken lock condition shows; the late click takes the read path.
 */
export async function doubleClicks(stage: MutantStage, users: readonly string[]): Promise<void> {
  await Promise.all(
    users.map(async (user) => {
      const racing = [stage.participate(user), stage.participate(user), stage.participate(user)];
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all([...racing, stage.participate(user)]);
    }),
  );
}

/**
 * Two users double-click with a worker running; for the mutant, `wrap` turns the stage's
 * reference store into the mutant's (the create hold wraps whatever it returns).
 */
export function racingClicksScenario(
  wrap: (reference: IngestStore, stage: MutantStage) => IngestStore,
  options: StageOptions = { capacity: 5 },
): MutantDefinition['scenario'] {
  return stageScenario(options, async (stage, variant) => {
    const reference = stage.referenceStore();
    const store = variant === 'mutant' ? wrap(reference, stage) : reference;
    await stage.startIngest({ store: delayCreates(store, RACE_WINDOW_MS) });
    stage.startWorker();
    await doubleClicks(stage, ['user-1', 'user-2']);
  });
}

/** The racing clicks for a mutant that wraps the store on a table (an IngestStoreWrapper). */
export function racingClicksOnTable(wrap: IngestStoreWrapper): MutantDefinition['scenario'] {
  return racingClicksScenario((reference, stage) => wrap(reference, stage.clients, stage.tableName));
}
