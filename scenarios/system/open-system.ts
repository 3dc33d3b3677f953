/**
 * Where a runner gets its system under test: the reference services on the embedded stack (the
 * default, built by reference-system.ts with the runner's knobs), or the system a file describes
 * (`--system path/to/system.json`, `SYSTEM=` for make). A runner asks for a system the same way
 * in both cases; the reference knobs (resources, service environment) are its own, an external
 * system has its own settings and ignores them.
 */
import { resolve } from 'node:path';
import type { ResourceOptions } from '../../stack/resources';
import { openExternalSystem } from './external-system';
import { startReferenceSystem } from './reference-system';
import { readSystemFile, type SystemFile } from './system-file';
import type { ServiceEndpoints, SystemUnderTest } from './system-under-test';
import { SPEC_LOGIN } from './token-source';

export interface ReferenceSetup {
  readonly resources: ResourceOptions;
  readonly ingestEnv?: Record<string, string>;
  readonly workerEnv?: Record<string, string>;
  /** Extra environment of every worker the runner starts (CONCURRENCY, MUTANT, ...). */
  readonly workerStartEnv?: Record<string, string>;
  /** Another worker main with the same wiring (a bug-zoo mutant). */
  readonly workerEntry?: string;
  readonly target?: 'embedded' | 'localstack';
}

export interface SystemSetup {
  /** Logs and endpoints.env of what the harness starts go here. */
  readonly runDir: string;
  readonly reference: ReferenceSetup;
  /** Fault proxies between the system and AWS (chaos). */
  readonly serviceEndpoints?: ServiceEndpoints;
  readonly onProgress: (message: string) => void;
}

export interface SystemSource {
  /** The system file, or undefined for the reference services. */
  readonly file: string | undefined;
  /** The reference services, started by the harness on its own stack. */
  readonly isReference: boolean;
  /** How the system issues tokens (the load tool must be able to get them that way). */
  readonly tokens: SystemFile['tokens'];
  open(setup: SystemSetup): Promise<SystemUnderTest>;
}

export function systemSource(
  systemFile: string | undefined,
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): SystemSource {
  if (!systemFile) {
    return {
      file: undefined,
      isReference: true,
      tokens: SPEC_LOGIN,
      open: (setup) =>
        startReferenceSystem({
          root,
          runDir: setup.runDir,
          nodeBinary: process.execPath,
          ...setup.reference,
          ...(setup.serviceEndpoints ? { serviceEndpoints: setup.serviceEndpoints } : {}),
          onProgress: setup.onProgress,
        }),
    };
  }
  // Read and validated at once: a broken file stops the run before anything starts.
  const { system, folder } = readSystemFile(resolve(systemFile));
  return {
    file: systemFile,
    isReference: false,
    tokens: system.tokens,
    open: (setup) =>
      openExternalSystem(system, {
        env,
        folder,
        onProgress: setup.onProgress,
        ...(setup.serviceEndpoints ? { serviceEndpoints: setup.serviceEndpoints } : {}),
      }),
  };
}
