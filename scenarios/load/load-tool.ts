/**
 * Which program runs a load phase: the harness's own driver (the default, nothing to install) or
 * k6 for a team that brings it (LOAD_TOOL=k6, K6_BINARY; the harness never installs k6, which is
 * AGPL). Both run the same four modes and leave the same LoadRun, so G0 and G1 read either alike.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ParticipateOperation } from '../../invariants/history';
import { runK6 } from '../runner/k6-runner';
import type { SystemFile } from '../system/system-file';
import { SPEC_LOGIN, type TokenSource } from '../system/token-source';
import type { LoadParameters, LoadToolName } from './load-plan';
import { type LoadRun, runLoad, THRESHOLDS_CROSSED_EXIT } from './run-load';

export type LoadTool =
  | { readonly name: 'driver' }
  | { readonly name: 'k6'; readonly binary: string; readonly script: string; readonly version: string };

export interface LoadPhase {
  readonly label: string;
  readonly parameters: LoadParameters;
  readonly baseUrl: string;
  readonly eventId: string;
  readonly runTag: string;
  readonly runDir: string;
  /** The system's token source: the driver gets every user's token from it (k6 logs in itself). */
  readonly tokenFor?: TokenSource;
  /**
   * The phase's operation list (a run's live history list): the driver pushes each operation
   * as its iteration ends; k6's records are pushed when k6 has ended (k6 writes its own
   * <label>-records.ndjson as it goes).
   */
  readonly into?: ParticipateOperation[];
  readonly onLine: (line: string) => void;
}

/**
 * Resolves the tool once, before the stack starts, so that a missing k6 is refused in a second
 * with what to do rather than after the setup phase.
 */
export function resolveLoadTool(name: LoadToolName, k6Binary: string, root: string): LoadTool {
  if (name === 'driver') return { name };
  const probe = spawnSync(k6Binary, ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `LOAD_TOOL=k6 but no k6 runs as ${JSON.stringify(k6Binary)} (${probe.error?.message ?? `exit ${probe.status}`}). ` +
        'The harness does not install k6 (AGPL): install it yourself and put it on PATH or set ' +
        'K6_BINARY=/path/to/k6, or leave LOAD_TOOL unset to use the harness load driver.',
    );
  }
  return {
    name,
    binary: k6Binary,
    script: join(root, 'k6/g0_spike_participation.js'),
    version: probe.stdout.split('\n')[0]?.trim() ?? 'unknown',
  };
}

/**
 * k6's script logs every user in at the spec's POST /auth/login { userId } itself: a system whose
 * tokens come another way is refused before anything starts, saying what to do.
 */
export function refuseK6Tokens(tool: LoadTool, tokens: SystemFile['tokens']): void {
  if (tool.name !== 'k6' || isDeepStrictEqual(tokens, SPEC_LOGIN)) return;
  const how =
    tokens.kind === 'login'
      ? `a login at ${tokens.path} with another body or token field`
      : `'${tokens.kind}'`;
  throw new Error(
    `LOAD_TOOL=k6 but the system's tokens come by ${how}; the k6 script only logs in at POST ` +
      '/auth/login { userId } and reads accessToken. Leave LOAD_TOOL unset: the harness load driver ' +
      "gets every user's token from the system file's tokens section.",
  );
}

export async function runLoadPhase(tool: LoadTool, phase: LoadPhase): Promise<LoadRun> {
  if (tool.name === 'driver') {
    return runLoad({
      baseUrl: phase.baseUrl,
      eventId: phase.eventId,
      label: phase.label,
      parameters: phase.parameters,
      runTag: phase.runTag,
      runDir: phase.runDir,
      ...(phase.tokenFor ? { tokenFor: phase.tokenFor } : {}),
      ...(phase.into ? { into: phase.into } : {}),
      onLine: phase.onLine,
    });
  }
  const run = await runK6({
    k6Binary: tool.binary,
    script: tool.script,
    runDir: phase.runDir,
    label: phase.label,
    eventId: phase.eventId,
    env: {
      BASE_URL: phase.baseUrl,
      EVENT_ID: phase.eventId,
      RUN_TAG: `${phase.runTag}-${phase.label}`,
      MODE: phase.parameters.mode,
      VUS: String(phase.parameters.vus),
      DURATION: phase.parameters.duration,
      RATE: String(phase.parameters.rate),
    },
    onLine: phase.onLine,
  });
  if (!phase.into) return run;
  // One by one: a spread of a large phase's operations would overflow the call stack.
  for (const operation of run.operations) phase.into.push(operation);
  return { ...run, operations: phase.into };
}

/** The name the report gives the tool, with its version. */
export function describeLoadTool(tool: LoadTool, driverVersion: string): string {
  return tool.name === 'driver' ? `harness load driver (undici ${driverVersion})` : `k6 (${tool.version})`;
}

/**
 * A phase with no accepted participation, or whose tool did not run to its end, is a failed
 * step of the runbook whatever the checkers later make of the rest (exit 99 is only the
 * thresholds crossed, which the checkers and the http step judge).
 */
export function loadPhaseFailed(run: LoadRun): boolean {
  return (
    !run.operations.some((operation) => operation.type === 'ok') ||
    !run.summary ||
    (run.exitCode !== 0 && run.exitCode !== THRESHOLDS_CROSSED_EXIT)
  );
}
