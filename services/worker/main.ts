/** The worker process. Only this file reads the environment. */
import { runWorkerProcess } from './run-process';

runWorkerProcess(process.env);
