/**
 * The scenario of the mutants that split one transaction into two calls (capacity-split-calls,
 * status-log-separate-call): 2 seats, 2 users; worker A, one message at a time, crashes right
 * after its capacity write for the first request (the mutant between its two calls, the
 * reference at the same point after its single transaction), and a correct worker B picks up
 * both messages after the visibility timeout.
 */
import type { AwsClients } from '../../services/aws/clients';
import type { Checkpoint, WorkerStore } from '../../services/worker/ports';
import { crashOnce } from './faults';
import type { MutantDefinition } from './mutant';
import { stageScenario } from './mutant-stage';
import { within } from './within';

/** The mutant's store on the stage's table; `betweenCalls` runs between its two calls. */
export type SplitCallsStore = (
  reference: WorkerStore,
  clients: AwsClients,
  tableName: string,
  betweenCalls: Checkpoint,
) => WorkerStore;

export function crashBetweenCallsScenario(split: SplitCallsStore): MutantDefinition['scenario'] {
  return stageScenario({ capacity: 2 }, async (stage, variant) => {
    await stage.startIngest();
    // The same crash point for both: right after the capacity write(s), before anything else.
    const crash = crashOnce('after-capacity-transaction');
    const mutantStore =
      variant === 'mutant'
        ? { store: split(stage.referenceStore(), stage.clients, stage.tableName, crash) }
        : {};
    const workerA = stage.startWorker({ checkpoint: crash, ...mutantStore }, { CONCURRENCY: '1' });
    await stage.participate('user-1');
    await stage.participate('user-2');
    await within(workerA.main.done, 15_000, 'worker A to crash');
    stage.startWorker();
  });
}
