/**
 * How each emulator of the embedded stack is started. Each function only builds a ChildSpec;
 * startChild runs it. Paths are resolved from the project root.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { answersHttp, type ChildSpec } from './child-process';

/**
 * ministack (MIT) serves DynamoDB from its own Python implementation: every request runs to
 * completion before the next, which is what makes its conditions and transactions atomic (the
 * engine conformance suite proves it). State lives in the run folder; nothing leaves loopback.
 * Its TTL reaper deletes expired items every 60 s: every TTL this project writes is days ahead.
 */
export function ministackSpec(root: string, port: number, logDir: string): ChildSpec {
  const stateDir = join(logDir, 'ministack');
  mkdirSync(stateDir, { recursive: true });
  return {
    name: 'ministack',
    command: join(root, '.venv-ministack/bin/python'),
    args: ['-m', 'ministack'],
    cwd: stateDir,
    env: {
      ...process.env,
      GATEWAY_PORT: String(port),
      BIND_HOST: '127.0.0.1',
      SERVICES: 'dynamodb',
      TMPDIR: stateDir,
      S3_DATA_DIR: join(stateDir, 's3'),
      STATE_DIR: join(stateDir, 'state'),
      LOG_LEVEL: 'WARNING',
    },
    logFile: join(logDir, 'ministack.log'),
    isHealthy: () => answersHttp(`http://127.0.0.1:${port}/_ministack/health`),
    healthTimeoutMs: 30_000,
    missingHint: 'make setup creates .venv-ministack (scripts/install-ministack.sh)',
  };
}

export function fauxqsSpec(root: string, port: number, logDir: string, nodeBinary: string): ChildSpec {
  return {
    name: 'fauxqs',
    command: nodeBinary,
    args: [join(root, 'node_modules/fauxqs/dist/cli.js')],
    env: {
      ...process.env,
      FAUXQS_PORT: String(port),
      FAUXQS_LOGGER: 'false',
    },
    logFile: join(logDir, 'fauxqs.log'),
    isHealthy: () => answersHttp(`http://127.0.0.1:${port}/health`),
    healthTimeoutMs: 30_000,
  };
}

export function motoSpec(root: string, port: number, logDir: string): ChildSpec {
  return {
    name: 'moto',
    command: join(root, '.venv/bin/moto_server'),
    args: ['-H', '127.0.0.1', '-p', String(port)],
    logFile: join(logDir, 'moto.log'),
    missingHint: 'make setup creates .venv with moto (scripts/install-moto.sh)',
    isHealthy: () => answersHttp(`http://127.0.0.1:${port}/moto-api/`),
    healthTimeoutMs: 60_000,
  };
}
