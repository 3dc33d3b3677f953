/** Which run folders the browser check opens when told the run kinds. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The newest folder of each run kind: run ids sort by time (g0-20261122T021500Z). */
export async function latestRunsOf(kinds: readonly string[], runsDir: string): Promise<string[]> {
  const names = (await readdir(runsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  return kinds.map((kind) => {
    // chaos-<stamp> is the summary; chaos-<stamp>-<scenario> are its scenarios.
    const pattern = new RegExp(`^${kind}-\\d{8}T\\d{6}Z(-\\d+)?$`);
    const newest = names
      .filter((n) => pattern.test(n))
      .sort()
      .at(-1);
    if (!newest) throw new Error(`no ${kind} run under ${runsDir}`);
    return path.join(runsDir, newest);
  });
}
