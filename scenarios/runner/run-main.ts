/** How every run's main ends: the verdicts printed, the exit code, and a clear word on a crash. */
import { join } from 'node:path';
import { exitCodeFor, type Validity, type Verdict } from '../../invariants/verdict';
import type { Progress } from './progress';

export function reportVerdicts(
  progress: Progress,
  verdicts: readonly Verdict[],
  valid: Validity,
  runDir: string,
): number {
  for (const verdict of verdicts) {
    const word = verdict.valid === true ? 'PASS' : verdict.valid === false ? 'FAIL' : 'UNKNOWN';
    progress.say(`${word} ${verdict.id} ${verdict.summary}`);
  }
  const exitCode = exitCodeFor(valid);
  progress.say(`report: ${join(runDir, 'report.md')} (reports/latest); exit ${exitCode}`);
  return exitCode;
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
      console.error(`${name}: ${signal}: stopping the stack and the services`);
      process.exit(code);
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
