import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { killGroup, PidRegistry, reapLeftovers } from './pid-registry';

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr of the child are appended here. */
  readonly logFile: string;
  /** Resolves true once the child serves; polled until healthTimeoutMs. */
  readonly isHealthy: () => Promise<boolean>;
  readonly healthTimeoutMs: number;
  /** What to do when the command is missing: said instead of a bare `spawn ENOENT`. */
  readonly missingHint?: string;
}

export interface StartedChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Children still running when this process exits are killed with it, each with its whole
 * process group: an emulator or service left behind would hold its port and memory and confuse
 * the next run. For a harness killed with SIGKILL, the registry lets the next start reap them.
 */
const running = new Set<ChildProcess>();
const registry = new PidRegistry();
let reaped = false;
process.once('exit', () => {
  for (const child of running) if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
});

/**
 * Starts a child process, tees its output to a log file and waits until it is healthy.
 * A child that exits or never becomes healthy fails with its name and the log to read.
 */
export async function startChild(spec: ChildSpec): Promise<StartedChild> {
  if (!reaped) {
    reaped = true;
    for (const leftover of reapLeftovers()) {
      console.error(
        `[stack] killed ${leftover.name} (pid ${leftover.pid}), left behind by a run that was killed`,
      );
    }
  }
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a stop reaches the child's children too (and Ctrl-C in the
    // terminal reaches only the harness, which stops the children in order).
    detached: true,
  });
  running.add(child);
  if (child.pid !== undefined) registry.record(child.pid, spec.name);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      if (child.pid !== undefined) registry.forget(child.pid);
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
    child.once('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'ENOENT' && spec.missingHint ? ` (${spec.missingHint})` : '';
      exited = `could not start ${spec.command}: ${err.message}${hint}`;
      resolve();
    });
  });

  const started: StartedChild = {
    name: spec.name,
    pid: child.pid ?? -1,
    logFile: spec.logFile,
    process: child,
    async stop(signal = 'SIGTERM') {
      if (exited === undefined) {
        killGroup(started.pid, signal);
        // A child that ignores SIGTERM gets SIGKILL after 5 s: teardown must always finish.
        const killed = await Promise.race([exit.then(() => true), sleep(5_000).then(() => false)]);
        if (!killed) {
          killGroup(started.pid, 'SIGKILL');
          await exit;
        }
      }
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };

  const deadline = Date.now() + spec.healthTimeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      await started.stop();
      throw new Error(`${spec.name} ${exited} before it became healthy; see ${spec.logFile}`);
    }
    if (await spec.isHealthy().catch(() => false)) return started;
    await sleep(200);
  }
  await started.stop('SIGKILL');
  throw new Error(`${spec.name} was not healthy after ${spec.healthTimeoutMs} ms; see ${spec.logFile}`);
}

/** A GET that counts as healthy on any answer below 500 within one second. */
export async function answersHttp(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return response.status < 500;
}
