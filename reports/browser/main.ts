/**
 * `npm run report:check -- <run folder>...` or `-- --latest-of g0,g1,chaos,gate`: the browser
 * check of report.html for each run (see check-report.ts). Exit 0 when every report rendered
 * every chart with no script error and no fetch, 1 otherwise, 2 when it could not check.
 */
import path from 'node:path';
import { checkReportInBrowser, describeCheck } from './check-report';
import { latestRunsOf } from './latest-runs';

const root = path.join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--latest-of');
  const dirs =
    flag >= 0
      ? await latestRunsOf((args[flag + 1] ?? '').split(',').filter(Boolean), path.join(root, 'reports/runs'))
      : args;
  if (dirs.length === 0) throw new Error('name run folders, or --latest-of g0,g1,chaos,gate');
  let failed = 0;
  for (const dir of dirs) {
    const check = await checkReportInBrowser(dir);
    console.log(describeCheck(check));
    if (!check.ok) failed++;
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`report:check: could not check: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
