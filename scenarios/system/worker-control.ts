/**
 * Starting, stopping and killing a system's workers when the harness did not write them: shell
 * commands from the system file, or a presenter doing it by hand (manual: the harness says what
 * to do and waits for Enter). Each command runs with `sh -c` and must return; a command that
 * fails stops the run with its output, since a step that did not happen must not pass.
 */
import { execFile } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { promisify } from 'node:util';
import type { PublishFailureMetric, WorkerControl } from './system-under-test';

const run = promisify(execFile);

export async function runCommand(what: string, command: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run('sh', ['-c', command], { env, timeout: 60_000 });
  } catch (err) {
    const failure = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `${what} failed: ${command}\n${(failure.stderr || failure.stdout || failure.message).trim()}\nCheck the command in the system file.`,
    );
  }
}

export function commandWorkers(
  commands: { start: string; stop: string; kill?: string; startEventBridgeUnreachable?: string },
  env: NodeJS.ProcessEnv,
  publishFailures?: PublishFailureMetric,
): WorkerControl {
  let running = 0;
  return {
    get running() {
      return running;
    },
    async start() {
      await runCommand('starting a worker', commands.start, env);
      running++;
    },
    async stop() {
      await runCommand('stopping the workers', commands.stop, env);
      running = 0;
    },
    ...(commands.kill
      ? {
          kill: async () => {
            await runCommand('killing the workers', commands.kill as string, env);
            running = 0;
          },
        }
      : {}),
    ...(commands.startEventBridgeUnreachable
      ? {
          startWithEventBridgeUnreachable: async () => {
            await runCommand(
              'starting a worker with EventBridge unreachable',
              commands.startEventBridgeUnreachable as string,
              env,
            );
            running++;
            return publishFailures;
          },
        }
      : {}),
  };
}

/** For presenters running the runbook live: the harness asks, the presenter acts, Enter goes on. */
export function manualWorkers(
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): WorkerControl {
  let running = 0;
  const ask = async (instruction: string) => {
    const prompt = createInterface({ input, output });
    try {
      await prompt.question(`\n>>> ${instruction}, then press Enter to go on. `);
    } finally {
      prompt.close();
    }
  };
  return {
    get running() {
      return running;
    },
    async start() {
      await ask('Start one worker of the system');
      running++;
    },
    async stop() {
      await ask('Stop every worker of the system (gracefully)');
      running = 0;
    },
  };
}
