/**
 * `make test`'s LocalStack step: the CI profiles of G0 and G1 on LocalStack (its SQS, S3,
 * EventBridge, Firehose, CloudWatch; DynamoDB from ministack). G0 must pass. G1 must pass too, or
 * fail only on checks that a known LocalStack deviation explains (its Firehose writes one object
 * per record without newlines and leaves `!{timestamp:...}` unexpanded): those are findings
 * about the target, and the harness must report them, with nothing else failing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../invariants/verdict';
import { LOCALSTACK_DEVIATIONS } from '../../stack/localstack/known-deviations';
import { onlyTargetFindings, targetFindings } from '../runner/target-findings';

const root = join(import.meta.dirname, '../..');

function run(script: string): { status: number | null; verdicts: Verdict[] } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(root, script), '--profile', 'ci'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TARGET: 'localstack' },
  });
  const results = JSON.parse(
    readFileSync(join(realpathSync(join(root, 'reports/latest')), 'results.json'), 'utf8'),
  ) as {
    verdicts: Verdict[];
  };
  return { status: child.status, verdicts: results.verdicts };
}

const g0 = run('scenarios/g0/main.ts');
const g0Passed = g0.status === 0;
console.log(`localstack-check: G0 on LocalStack ${g0Passed ? 'passed' : `did NOT pass (exit ${g0.status})`}`);

const g1 = run('scenarios/g1/main.ts');
const findings = targetFindings(g1.verdicts, LOCALSTACK_DEVIATIONS);
const g1Accepted =
  g1.status === 0 || (g1.status === 1 && onlyTargetFindings(g1.verdicts, LOCALSTACK_DEVIATIONS));
console.log(
  g1Accepted
    ? `localstack-check: G1 on LocalStack ${g1.status === 0 ? 'passed' : `reported the target's deviations as findings: ${findings.map((f) => `${f.verdictId} (${f.deviations.map((d) => d.id).join(', ')})`).join('; ')}`}`
    : `localstack-check: G1 on LocalStack failed on checks no known deviation explains (exit ${g1.status}): ${g1.verdicts
        .filter((v) => v.valid !== true && findings.every((f) => f.verdictId !== v.id))
        .map((v) => `${v.id} ${v.summary}`)
        .join('; ')}`,
);
process.exit(g0Passed && g1Accepted ? 0 : 1);
