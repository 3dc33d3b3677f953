/**
 * A throwaway redis-server as a child process on a free loopback port: no persistence, no system
 * service. Configured (RedisServerSpec) and started (StartedRedisServer) are different types.
 */
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { startChild } from '../../stack/embedded/child-process';
import { findFreePort } from '../../stack/embedded/free-port';

export interface RedisServerSpec {
  readonly logDir: string;
  readonly binary?: string;
  readonly healthTimeoutMs?: number;
}

export interface StartedRedisServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startRedisServer(spec: RedisServerSpec): Promise<StartedRedisServer> {
  await mkdir(spec.logDir, { recursive: true });
  const host = '127.0.0.1';
  const port = await findFreePort();
  const child = await startChild({
    name: `redis-server:${port}`,
    command: spec.binary ?? 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      host,
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    logFile: path.join(spec.logDir, `redis-${port}.log`),
    isHealthy: () => answersPing(host, port),
    healthTimeoutMs: spec.healthTimeoutMs ?? 15_000,
  });
  const stop = () => child.stop();
  return { host, port, url: `redis://${host}:${port}`, pid: child.pid, stop, [Symbol.asyncDispose]: stop };
}

/** Inline PING over a raw socket: healthy once the server answers +PONG. */
export function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString('utf8').startsWith('+PONG')));
  });
}
