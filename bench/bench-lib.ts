/** Shared pieces of the benchmarks: a fixed-concurrency driver, percentiles and the printed table. */

import { join } from 'node:path';
import { type AwsClients, type ClientOptions, createAwsClients } from '../services/aws/clients';
import { SqsQueue } from '../services/aws/participation-queue';
import { DynamoRequestStore } from '../services/aws/request-store';
import { randomIdGenerator, systemClock } from '../services/common';
import { percentile } from '../services/common/percentile';
import { EventCatalog } from '../services/ingest/event-catalog';
import type { ParticipateDeps } from '../services/ingest/participate';
import { type StartedEmbeddedStack, startEmbeddedStack } from '../stack/embedded/embedded-stack';
import { findFreePort } from '../stack/embedded/free-port';
import { type ProvisionedResources, provision } from '../stack/provision';
import { defineResources } from '../stack/resources';
import { freshServiceSecrets, type ServiceSecrets, serviceEnvironment } from '../stack/service-environment';
import { startIngestProcess } from '../stack/service-process';

const ROOT = join(import.meta.dirname, '..');

export interface Measurement {
  readonly label: string;
  readonly operations: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/** Runs `operation` in `concurrency` lanes for `seconds`; every lane starts its next call at once. */
export async function driveFor(
  label: string,
  concurrency: number,
  seconds: number,
  operation: (lane: number, iteration: number) => Promise<void>,
): Promise<Measurement> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await operation(lane, i);
          latenciesMs.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return {
    label,
    operations: latenciesMs.length,
    errors,
    seconds: (performance.now() - started) / 1000,
    latenciesMs,
  };
}

export function combine(label: string, parts: readonly Measurement[]): Measurement {
  return {
    label,
    operations: parts.reduce((sum, part) => sum + part.operations, 0),
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
    seconds: parts.reduce((sum, part) => sum + part.seconds, 0),
    latenciesMs: parts.flatMap((part) => part.latenciesMs),
  };
}

/** Prints both rows, side by side, and the ratio of the first to the second. */
export function printComparison(
  title: string,
  measured: Measurement,
  baseline: Measurement,
  goal: number,
): void {
  const row = (m: Measurement) =>
    `| ${m.label.padEnd(40)} | ${(m.operations / m.seconds).toFixed(1).padStart(8)} | ${percentile(
      m.latenciesMs,
      50,
    )
      .toFixed(1)
      .padStart(
        7,
      )} | ${percentile(m.latenciesMs, 95).toFixed(1).padStart(7)} | ${String(m.errors).padStart(6)} |`;
  const ratio = measured.operations / measured.seconds / (baseline.operations / baseline.seconds);
  console.log(`\n${title}`);
  console.log(
    `| ${'path'.padEnd(40)} | ${'ops/s'.padStart(8)} | ${'p50 ms'.padStart(7)} | ${'p95 ms'.padStart(7)} | errors |`,
  );
  console.log(`| ${'-'.repeat(40)} | ${'-'.repeat(8)} | ${'-'.repeat(7)} | ${'-'.repeat(7)} | ------ |`);
  console.log(row(measured));
  console.log(row(baseline));
  console.log(
    `ratio ${measured.label} / ${baseline.label}: ${ratio.toFixed(2)}x (goal >= ${goal}x: ${ratio >= goal ? 'met' : 'not met'})`,
  );
}

/** ministack has no JIT to warm (DynamoDB Local had): the rounds alternate paths instead. */
export async function startBenchStack(name: string): Promise<StartedEmbeddedStack> {
  return startEmbeddedStack({
    root: ROOT,
    logDir: join(ROOT, '.stack', name),
    nodeBinary: process.execPath,
    onProgress: (message) => console.log(`[${name}] ${message}`),
  });
}

export interface BenchIngest extends AsyncDisposable {
  readonly stack: StartedEmbeddedStack;
  readonly clients: AwsClients;
  readonly resources: ProvisionedResources;
  readonly secrets: ServiceSecrets;
  readonly port: number;
}

/**
 * The embedded stack, one event with `capacity` seats, and a reference ingest process on a free
 * port, for a benchmark named `name`; disposing it stops the ingest, the clients and the stack.
 */
export async function startBenchIngest(
  name: string,
  fixture: { readonly eventId: string; readonly capacity: number },
  clientOptions: ClientOptions = {},
): Promise<BenchIngest> {
  const stack = await startBenchStack(name);
  const clients = createAwsClients(stack.target, clientOptions);
  try {
    const resources = await provision(clients, defineResources({ fixtures: [fixture] }));
    const secrets = { ...freshServiceSecrets(), adminSecret: 'bench-admin-secret' };
    const port = await findFreePort();
    const ingest = await startIngestProcess({
      root: ROOT,
      nodeBinary: process.execPath,
      env: { ...serviceEnvironment(stack.target, resources, secrets), LOG_LEVEL: 'warn' },
      logFile: join(ROOT, '.stack', name, 'ingest.log'),
      port,
    });
    return {
      stack,
      clients,
      resources,
      secrets,
      port,
      async [Symbol.asyncDispose]() {
        await ingest.stop();
        clients.destroy();
        await stack.stop();
      },
    };
  } catch (err) {
    clients.destroy();
    await stack.stop();
    throw err;
  }
}

/** The reference ingest's core on the real adapters, called directly (no HTTP): the baseline path. */
export function directIngest(
  clients: AwsClients,
  resources: Pick<ProvisionedResources, 'tableName' | 'mainQueueUrl'>,
): ParticipateDeps & { readonly store: DynamoRequestStore } {
  const store = new DynamoRequestStore(clients, resources.tableName);
  return {
    store,
    queue: new SqsQueue(clients, resources.mainQueueUrl),
    events: new EventCatalog(store, systemClock),
    clock: systemClock,
    ids: randomIdGenerator,
    healAfterMs: 1_000,
  };
}
