/** A private redis-server with every gate script loaded, and clients to it: for the gate scenario, bench and tests. */
import path from 'node:path';
import { Redis } from 'ioredis';
import { type StartedRedisServer, startRedisServer } from './redis/redis-server';
import { ScriptRunner } from './redis/script-runner';
import { ALL_SCRIPTS } from './redis/scripts';

export interface GateRedis {
  readonly server: StartedRedisServer;
  readonly redis: Redis;
  readonly scripts: ScriptRunner;
  /** Another connection, for load that must not queue behind one socket. */
  connect(): Redis;
  stop(): Promise<void>;
}

export async function startGateRedis(name: string): Promise<GateRedis> {
  const root = path.join(import.meta.dirname, '..');
  const server = await startRedisServer({ logDir: path.join(root, '.stack', 'gate', name) });
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis({ host: server.host, port: server.port, maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  const redis = connect();
  const scripts = new ScriptRunner(redis);
  await scripts.load(ALL_SCRIPTS);
  return {
    server,
    redis,
    scripts,
    connect,
    async stop() {
      await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
      await server.stop();
    },
  };
}
