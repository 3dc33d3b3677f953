/**
 * Starts a configured LocalStack on the host (`python -m localstack.runtime.main`), no Docker.
 *
 *   spawn --> "Ready." in its log and /_localstack/health answers 200 --> StartedLocalStack
 *   stop:  SIGTERM --(up to stopGraceMs)--> exited   (it says "Stopping all services")
 *                                       \--> SIGKILL (it once ignored SIGTERM: teardown must finish)
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { answersHttp, type StartedChild, startChild } from '../embedded/child-process';
import type { ConfiguredLocalStack } from './localstack-config';

export interface StartedLocalStack extends AsyncDisposable {
  readonly kind: 'started-localstack';
  readonly runtime: 'host' | 'docker';
  readonly endpoint: string;
  /** The host process; absent on the Docker path (the container is not our child). */
  readonly child?: StartedChild;
  readonly version: string;
  stop(): Promise<void>;
}

export const LOCALSTACK_STOP_GRACE_MS = 15_000;

export async function startLocalStackHost(
  configured: ConfiguredLocalStack,
  { healthTimeoutMs = 90_000, stopGraceMs = LOCALSTACK_STOP_GRACE_MS } = {},
): Promise<StartedLocalStack> {
  mkdirSync(configured.env.TMPDIR ?? configured.stateDir, { recursive: true });
  mkdirSync(configured.cwd, { recursive: true });
  // The log is appended to: only a "Ready." written after this start counts.
  const logOffset = existsSync(configured.logFile) ? statSync(configured.logFile).size : 0;
  const child = await startChild({
    name: 'localstack',
    command: configured.command,
    args: configured.args,
    cwd: configured.cwd,
    env: configured.env,
    logFile: configured.logFile,
    isHealthy: async () => saidReady(configured.logFile, logOffset) && (await isHealthy(configured.endpoint)),
    healthTimeoutMs,
    missingHint: 'make setup links .venv-localstack (scripts/install-localstack.sh)',
  });
  const version = await readVersion(configured.endpoint);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= stopGracefully(child, stopGraceMs);
    return stopped;
  };
  return {
    kind: 'started-localstack',
    runtime: 'host',
    endpoint: configured.endpoint,
    child,
    version,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** SIGTERM, then SIGKILL after the grace period; resolves once the process is gone. */
export async function stopGracefully(child: StartedChild, graceMs: number): Promise<void> {
  const proc = child.process;
  const gone = () => proc.exitCode !== null || proc.signalCode !== null;
  if (!gone()) {
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(graceMs)]);
  }
  // Sends SIGKILL if it is still running, then closes the log.
  await child.stop('SIGKILL');
}

function saidReady(logFile: string, offset: number): boolean {
  try {
    return /^Ready\.$/m.test(readFileSync(logFile).subarray(offset).toString('utf8'));
  } catch {
    return false;
  }
}

export async function isHealthy(endpoint: string): Promise<boolean> {
  return answersHttp(`${endpoint}/_localstack/health`);
}

async function readVersion(endpoint: string): Promise<string> {
  const response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { version?: unknown };
  return typeof body.version === 'string' ? body.version : 'unknown';
}
