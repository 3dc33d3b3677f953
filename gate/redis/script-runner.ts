/**
 * Loads each script once (SCRIPT LOAD) and calls it by digest (EVALSHA). A server that lost its
 * script cache (restart, SCRIPT FLUSH, failover) answers NOSCRIPT: the script is loaded again
 * and the call repeated once.
 */
import type { Redis } from 'ioredis';
import type { GateScript } from './scripts';

export type RedisReply = null | number | string | RedisReply[];

export class ScriptRunner {
  private readonly shas = new Map<string, string>();
  /** How often a NOSCRIPT reply made the runner load a script again (visible in tests). */
  reloads = 0;

  constructor(private readonly redis: Redis) {}

  async load(scripts: readonly GateScript[]): Promise<void> {
    for (const script of scripts) await this.loadOne(script);
  }

  shaOf(script: GateScript): string | undefined {
    return this.shas.get(script.name);
  }

  async run(
    script: GateScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<RedisReply> {
    if (keys.length !== script.numberOfKeys) {
      throw new Error(`script ${script.name} takes ${script.numberOfKeys} keys, got ${keys.length}`);
    }
    const sha = this.shas.get(script.name) ?? (await this.loadOne(script));
    try {
      return (await this.redis.evalsha(sha, keys.length, ...keys, ...args.map(String))) as RedisReply;
    } catch (err) {
      if (!isNoScript(err)) throw err;
      this.reloads++;
      const reloaded = await this.loadOne(script);
      return (await this.redis.evalsha(reloaded, keys.length, ...keys, ...args.map(String))) as RedisReply;
    }
  }

  private async loadOne(script: GateScript): Promise<string> {
    const sha = (await this.redis.script('LOAD', script.source)) as string;
    this.shas.set(script.name, sha);
    return sha;
  }
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}
