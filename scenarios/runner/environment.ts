/** Versions of everything a run used, for the report's "Reproduce" section. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { describeLoadTool, type LoadTool } from '../load/load-tool';
import { emulatorVersions } from './installed-versions';

/**
 * `load` is the tool that ran the run's load; a string is the path of a k6 binary (callers from
 * before the harness had its own driver), reported as k6's version or "not found".
 */
export function environmentVersions(load?: LoadTool | string): Record<string, string> {
  return {
    node: process.version,
    ...(typeof load === 'string' ? { k6: k6Version(load) } : {}),
    ...(load !== undefined && typeof load !== 'string'
      ? { 'load tool': describeLoadTool(load, undiciVersion()) }
      : {}),
    ...emulatorVersions(join(import.meta.dirname, '../..')),
    machine: `${process.platform} ${process.arch}, ${availableParallelism()} cores`,
  };
}

function k6Version(binary: string): string {
  try {
    return execFileSync(binary, ['version'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
  } catch {
    return 'not found';
  }
}

/** The undici the driver runs on, read from its installed package. */
export function undiciVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('undici');
    let dir = dirname(entry);
    // index.js sits at the package root today; walk up in case a later release moves it.
    for (let i = 0; i < 3; i++, dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === 'undici' && pkg.version) return pkg.version;
      } catch {
        // not the package root yet
      }
    }
  } catch {
    // not installed: reported as unknown
  }
  return 'unknown';
}
