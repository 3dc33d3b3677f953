/**
 * The reference worker with a crash point, for the crash-at-checkpoint scenarios: it SIGKILLs
 * itself like a killed machine (no cleanup, no delete) the CRASH_AFTER-th time it passes
 * CRASH_AT. The switch lives here, in the test wiring, and reaches the worker through the same
 * `checkpoint` seam the reference code exposes; nothing in services/ knows about crashing.
 */
import { z } from 'zod';
import { runWorkerProcess } from '../../../services/worker/run-process';

const CrashSchema = z.object({
  CRASH_AT: z.enum(['after-acquire', 'after-capacity-transaction']),
  CRASH_AFTER: z.coerce.number().int().positive().default(1),
});

const parsed = CrashSchema.safeParse(process.env);
if (!parsed.success) {
  console.error(
    `crashing worker: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
  );
  process.exit(2);
}
const crash = parsed.data;
let passes = 0;
runWorkerProcess(process.env, () => ({
  checkpoint: (point, requestId) => {
    if (point !== crash.CRASH_AT || ++passes < crash.CRASH_AFTER) return;
    // One line the scenario reads as evidence that the crash point was reached.
    console.log(JSON.stringify({ msg: 'worker_crashing_on_purpose', point, requestId, passes }));
    process.kill(process.pid, 'SIGKILL');
  },
}));
