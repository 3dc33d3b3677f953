/**
 * A worker process that runs a mutant from the bug zoo: `MUTANT=<name>` picks it. Everything else
 * is the reference worker process, wired by the same code as services/worker/main.ts.
 */
import { runWorkerProcess } from '../../services/worker/run-process';
import { createMutantStore, isWorkerMutant, WORKER_MUTANTS } from './worker-mutants';

const mutant = process.env.MUTANT;
if (!isWorkerMutant(mutant)) {
  console.error(
    `mutant worker: MUTANT must be one of ${WORKER_MUTANTS.join(', ')}, got ${mutant ?? 'nothing'}`,
  );
  process.exit(2);
}
runWorkerProcess(process.env, (clients, config) => ({
  store: createMutantStore(mutant, clients, config.TABLE_NAME),
}));
