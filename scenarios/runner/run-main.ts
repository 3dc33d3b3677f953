/**
 * How every run's main ends: the verdicts printed, the exit code, and a clear word on a crash.
 * An interrupted run (SIGINT, SIGTERM) still ends with evidence: the interrupt hooks run first
 * (the live history flushes what it has, the run folder gets a results.json saying unknown),
 * bounded by a grace period, then the process exits 130 / 143. A second signal ends it at once.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor, type Validity, type Verdict } from '../../invariants/verdict';
import type { Progress } from './progress';

export function reportVerdicts(
  progress: Progress,
  judged: {
    readonly verdicts: readonly Verdict[];
    readonly valid: Validity;
    readonly failedSteps: readonly string[];
  },
  runDir: string,
): number {
  for (const verdict of judged.verdicts) {
    const word = verdict.valid === true ? 'PASS' : verdict.valid === false ? 'FAIL' : 'UNKNOWN';
    progress.say(`${word} ${verdict.id} ${verdict.summary}`);
  }
  const exitCode = exitCodeFor(judged.valid);
  progress.say(endLine(join(runDir, 'report.md'), exitCode, judged.failedSteps));
  return exitCode;
}

/**
 * The last line every run prints: where its report is, its exit code, and the runbook steps that
 * failed (results.json carries the same failedSteps), so that a CI log says why in one line.
 */
export function endLine(reportFile: string, exitCode: number, failedSteps: readonly string[]): string {
  const steps = failedSteps.length === 0 ? '' : `; failed steps: ${failedSteps.join(', ')}`;
  return `report: ${reportFile} (reports/latest); exit ${exitCode}${steps}`;
}

type InterruptHook = (signal: NodeJS.Signals) => Promise<void> | void;
/**
 * `collect` hooks run first and bring in what the run holds elsewhere (a load thread's records
 * not yet sent); `write` hooks then put it on disk (the live history, results.json).
 */
export type InterruptStage = 'collect' | 'write';
const interruptHooks: Record<InterruptStage, Set<InterruptHook>> = { collect: new Set(), write: new Set() };
/** How long the hooks get before an interrupted run exits anyway. */
const INTERRUPT_GRACE_MS = 5_000;

/** Work an interrupted run must still do before it exits; answers the function that removes it. */
export function onInterrupt(hook: InterruptHook, stage: InterruptStage = 'write'): () => void {
  const hooks = interruptHooks[stage];
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * An interrupted run's verdict: results.json with valid unknown, written only if the run has not
 * written its own (an interrupt after the report changes nothing). The partial history.ndjson,
 * if the run wrote one as it went, stays beside it without its end line.
 */
export function markInterruptible(runDir: string, runId: string): () => void {
  return onInterrupt((signal) => {
    const results = {
      runId,
      valid: 'unknown',
      interrupted: { signal, at: new Date().toISOString() },
      summary: `the run was interrupted by ${signal} before its verdicts: nothing was judged`,
      history: 'history.ndjson, partial (no end line) if the run wrote it as it went',
    };
    try {
      writeFileSync(join(runDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  });
}

async function runInterruptHooks(signal: NodeJS.Signals): Promise<void> {
  const grace = new Promise<void>((resolve) => setTimeout(resolve, INTERRUPT_GRACE_MS).unref());
  const run = (hooks: Set<InterruptHook>) =>
    Promise.all(
      [...hooks].map(async (hook) => {
        try {
          await hook(signal);
        } catch (err) {
          console.error(`interrupt: a hook failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
  await Promise.race([run(interruptHooks.collect).then(() => run(interruptHooks.write)), grace]);
}

/** Runs a main function and exits with its code; a crash exits 2 and says where the logs are. */
export function runAsMain(name: string, main: () => Promise<number>): void {
  // Ctrl-C or a CI timeout: exit, and the exit hook of stack/embedded/child-process.ts kills every
  // emulator and service this run started (the emulators hold nothing worth a graceful stop).
  // 128 + the signal's number, as a shell reports it: 130 for SIGINT, 143 for SIGTERM.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}: writing what the run has, then stopping the stack and the services`);
      void runInterruptHooks(signal).finally(() => process.exit(code));
    });
  }
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      // Our own refusals (bad parameters) read best as they are; anything else gets its stack.
      const ours = err instanceof Error && err.message.startsWith(`${name}:`);
      const detail = err instanceof Error ? (ours ? err.message : (err.stack ?? err.message)) : String(err);
      console.error(`${name}: the run could not be carried out: ${detail}`);
      console.error(`${name}: the logs of the emulators and services are in the run folder (reports/latest)`);
      process.exit(2);
    },
  );
}
