/** The ingest process: the reference wiring of run-process.ts, with nothing overridden. */
import { runIngestProcess } from './run-process';

await runIngestProcess(process.env);
