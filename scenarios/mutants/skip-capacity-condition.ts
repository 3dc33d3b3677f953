/**
 * The first mutant of the bug zoo (worker-mutants.ts, also run by `make g0 MUTANT=...`): the seat
 * is decremented without `capacityRemaining > 0`. Scenario: 1 seat, 3 users. Expected: I1 (more
 * SUCCEEDED than seats, capacityRemaining negative).
 */
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { createMutantStore } from './worker-mutants';

export const skipCapacityCondition: MutantDefinition = {
  name: 'skip-capacity-condition',
  kind: 'worker',
  description: 'seat decremented without its capacityRemaining > 0 condition: seats are oversold',
  expectedViolation: 'I1',
  scenario: stageScenario({ capacity: 1 }, async (stage, variant) => {
    await stage.startIngest();
    stage.startWorker(
      variant === 'mutant'
        ? { store: createMutantStore('skip-capacity-condition', stage.clients, stage.tableName) }
        : {},
    );
    await Promise.all(['user-1', 'user-2', 'user-3'].map((user) => stage.participate(user)));
  }),
};
