/** Versions of everything a run used, for the report's "Reproduce" section. */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { PINNED_VERSIONS } from '../../stack/versions';

export function environmentVersions(k6Binary: string): Record<string, string> {
  let k6 = 'not found';
  try {
    k6 = execFileSync(k6Binary, ['version'], { encoding: 'utf8' }).split('\n')[0] ?? k6;
  } catch {
    // reported as not found
  }
  return {
    node: process.version,
    k6,
    'ministack (DynamoDB)': PINNED_VERSIONS.ministack,
    fauxqs: PINNED_VERSIONS.fauxqs,
    moto: PINNED_VERSIONS.moto,
    machine: `${process.platform} ${process.arch}, ${availableParallelism()} cores`,
  };
}
