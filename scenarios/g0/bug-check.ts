/**
 * The gate's own test: a short G0 run against a deliberately broken worker (it skips the capacity
 * condition) must exit 1 with an I1 counterexample in its results, and a G0 whose spike never
 * reaches ingest (the load driver given a dead address) must not pass: a step that did not
 * happen fails the run. A harness that passes either is worse than none, so `make test` runs
 * this next to the healthy G0.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

interface RecordedVerdict {
  readonly id: string;
  readonly valid: boolean | string;
  readonly summary: string;
  readonly counterexamples: unknown[];
}

/** One CI-profile G0 with extra environment; its exit code and the verdicts it wrote. */
function runG0(env: Record<string, string>): { status: number | null; verdicts: RecordedVerdict[] } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scenarios/g0/main.ts'), '--profile', 'ci'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  const results = JSON.parse(
    readFileSync(join(realpathSync(join(root, 'reports/latest')), 'results.json'), 'utf8'),
  ) as {
    verdicts: RecordedVerdict[];
  };
  return { status: run.status, verdicts: results.verdicts };
}

const broken = runG0({ MUTANT: 'skip-capacity-condition', VUS: '20', DURATION: '5s', PROBE_SECONDS: '2' });
const capacity = broken.verdicts.find((verdict) => verdict.id === 'I1');
const caught = broken.status === 1 && capacity?.valid === false && capacity.counterexamples.length > 0;
console.log(
  caught
    ? 'bug-check: the broken worker was caught (exit 1, I1 violated with a counterexample)'
    : `bug-check: the broken worker was NOT caught (exit ${broken.status}, I1 ${String(capacity?.valid)})`,
);

// The spike goes to a port nobody serves: nothing is accepted, the step fails, the run fails.
const dead = runG0({ LOAD_BASE_URL: 'http://127.0.0.1:9', VUS: '5', DURATION: '2s', PROBE_SECONDS: '2' });
const steps = dead.verdicts.find((verdict) => verdict.id === 'steps');
const refused = dead.status !== 0 && steps?.valid === false;
console.log(
  refused
    ? `bug-check: the run whose spike never reached ingest did not pass (exit ${dead.status}, ${steps?.summary})`
    : `bug-check: the run whose spike never reached ingest PASSED (exit ${dead.status}): a step that did not happen was not caught`,
);
process.exit(caught && refused ? 0 : 1);
