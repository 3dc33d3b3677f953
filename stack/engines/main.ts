/**
 * `make engine-check`: the engine conformance suite against a DynamoDB endpoint, before a run
 * on it is trusted. With AWS_ENDPOINT_URL_DYNAMODB set it checks that endpoint: LocalStack, or a
 * DynamoDB Local you run yourself (the project never bundles or installs it: Amazon's terms, not
 * an open-source licence). `--engine endpoint` (make engine-check ENGINE=endpoint) without that
 * variable checks real DynamoDB through the default credential chain. Otherwise it starts the
 * embedded engine (ministack).
 * `--engine moto-threaded` starts stock moto_server, the engine the suite exists to refuse.
 * `--rates` also measures the engine's call rates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type StartedChild, startChild } from '../embedded/child-process';
import { EMULATOR_CREDENTIALS } from '../embedded/embedded-stack';
import { ministackSpec, motoSpec } from '../embedded/emulators';
import { findFreePort } from '../embedded/free-port';
import { connectEngine, type EngineEndpoint } from './engine-check';
import { measureEngineRates } from './engine-rates';
import { runEngineSuite } from './run-suite';

const root = join(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    engine: { type: 'string' },
    rates: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    clients: { type: 'string', default: '32' },
  },
});
const options = z
  .object({
    engine: z.enum(['embedded', 'moto-threaded', 'endpoint']),
    rates: z.boolean(),
    rounds: z.coerce.number().int().min(1).max(100),
    clients: z.coerce.number().int().min(1).max(512),
  })
  .parse({
    ...values,
    engine: values.engine ?? (process.env.AWS_ENDPOINT_URL_DYNAMODB ? 'endpoint' : 'embedded'),
  });

const logDir = join(root, '.stack', 'engine-check');
let child: StartedChild | undefined;
let endpoint: EngineEndpoint;
const startedAt = performance.now();
if (options.engine === 'endpoint') {
  endpoint = {
    url: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: process.env.AWS_REGION ?? 'us-east-1',
  };
  console.log(`engine: ${endpoint.url ?? 'AWS (default credential chain)'}`);
} else {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(logDir, { recursive: true });
  const port = await findFreePort();
  const spec =
    options.engine === 'embedded' ? ministackSpec(root, port, logDir) : motoSpec(root, port, logDir);
  child = await startChild(spec);
  endpoint = { url: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: EMULATOR_CREDENTIALS };
  console.log(
    `engine: ${spec.name} (pid ${child.pid}) on ${endpoint.url}, healthy after ${Math.round(performance.now() - startedAt)} ms, RSS ${rssMb(child.pid)} MB`,
  );
}

let failed = 0;
try {
  const results = await runEngineSuite(endpoint, {
    race: { capacity: 50, clients: options.clients, requests: 200, rounds: options.rounds },
    onResult: (result) => {
      if (!result.passed) failed++;
      console.log(
        `${result.passed ? 'PASS' : 'FAIL'}  ${result.name.padEnd(22)} ${(result.ms / 1000).toFixed(1).padStart(5)} s  ${result.passed ? result.requirement : result.message}`,
      );
    },
  });
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (child) console.log(`engine RSS after the suite: ${rssMb(child.pid)} MB`);
  if (options.rates) {
    const context = connectEngine(endpoint, `rates-${Date.now().toString(36)}-`);
    try {
      const rates = await measureEngineRates(context, { concurrency: 16, seconds: 10, warmUpSeconds: 3 });
      for (const rate of rates) {
        console.log(
          `rate  ${rate.call.padEnd(18)} ${String(rate.perSecond).padStart(6)}/s at concurrency 16  p50 ${rate.p50Ms.toFixed(1)} ms  p95 ${rate.p95Ms.toFixed(1)} ms`,
        );
      }
    } finally {
      context.destroy();
    }
  }
} finally {
  await child?.stop();
}
if (failed > 0) {
  console.log(
    'engine-check: this engine cannot be trusted for runs: the harness would blame the services for it',
  );
}
process.exitCode = failed > 0 ? 1 : 0;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}
