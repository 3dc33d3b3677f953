/**
 * The frame of a describe block that runs on resources of its own: provisioned in its beforeAll,
 * closed in its afterAll. Call it at the top of the block and read the handle inside the tests;
 * the handle throws if read before beforeAll has run (at collection time nothing exists yet).
 */
import { afterAll, beforeAll } from 'vitest';
import type { StartedIngest } from '../services/ingest/server';
import { ingestFor, provisionTestEnvironment, type TestEnvironment } from './harness';

export interface SuiteEnvironment {
  readonly env: TestEnvironment;
}

export interface IngestSuiteEnvironment extends SuiteEnvironment {
  /** One ingest on the block's resources, wired as its main.ts wires it. */
  readonly ingest: StartedIngest;
}

export function useTestEnvironment(
  options: Parameters<typeof provisionTestEnvironment>[0],
): SuiteEnvironment {
  let env: TestEnvironment | undefined;
  beforeAll(async () => {
    env = await provisionTestEnvironment(options);
  });
  afterAll(() => env?.close());
  return {
    get env() {
      return ready(env, 'env');
    },
  };
}

export function useIngestEnvironment(
  options: Parameters<typeof provisionTestEnvironment>[0],
): IngestSuiteEnvironment {
  let env: TestEnvironment | undefined;
  let ingest: StartedIngest | undefined;
  beforeAll(async () => {
    env = await provisionTestEnvironment(options);
    ingest = await ingestFor(env);
  });
  // The ingest stops before its resources close; resources whose ingest never started close too.
  afterAll(async () => {
    await ingest?.stop();
    env?.close();
  });
  return {
    get env() {
      return ready(env, 'env');
    },
    get ingest() {
      return ready(ingest, 'ingest');
    },
  };
}

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`the suite's ${name} exists only inside its tests`);
  return value;
}
