/**
 * `make deploy TARGET=aws STACK_NAME=...` / `make destroy TARGET=aws STACK_NAME=...`:
 *
 *   npm run deploy -- deploy  --stack-name NAME [--dry-run] [--variant aws|localstack]
 *   npm run deploy -- destroy --stack-name NAME [--dry-run]
 *
 * Credentials and region come from the default chain (AWS_PROFILE, AWS_REGION, SSO, instance
 * roles...). A dry run creates the change set, prints it and deletes it: nothing is created.
 * AWS_ENDPOINT_URL_CLOUDFORMATION (and _S3) point the same code at LocalStack, which is how
 * its logic is tested. The deployment record lands in .stack/aws/<stack>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { AWS_WAIT, changeSets, EMULATOR_WAIT } from '../cloudformation/change-set';
import { formatPlan } from '../cloudformation/format-plan';
import { loadTemplate, TEMPLATE_VARIANTS } from '../cloudformation/load-template';
import { OUTPUT_NAMES } from '../cloudformation/render-template';
import { defineResources } from '../resources';
import { deploymentFromOutputs } from './aws-deployment';
import { emptyBucket } from './empty-bucket';

const ArgsSchema = z.object({
  command: z.enum(['deploy', 'destroy']),
  stackName: z
    .string({ error: '--stack-name (STACK_NAME=) is required' })
    .regex(
      /^[A-Za-z][A-Za-z0-9-]{0,62}$/,
      'STACK_NAME must start with a letter and hold only letters, digits and -',
    ),
  dryRun: z.boolean(),
  variant: z.enum(Object.keys(TEMPLATE_VARIANTS) as [keyof typeof TEMPLATE_VARIANTS]),
  region: z.string({ error: 'no region: set AWS_REGION or a profile with a region' }).min(1),
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'stack-name': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    variant: { type: 'string', default: 'aws' },
  },
});
const parsed = ArgsSchema.safeParse({
  command: positionals[0],
  stackName: values['stack-name'] || process.env.STACK_NAME || undefined,
  dryRun: values['dry-run'] === true,
  variant: values.variant,
  region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
});
if (!parsed.success) {
  for (const issue of parsed.error.issues)
    console.error(`deploy: ${issue.path.join('.') || 'arguments'}: ${issue.message}`);
  process.exit(2);
}
const args = Object.freeze(parsed.data);
const root = join(import.meta.dirname, '../..');
const onEmulator =
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION !== undefined || process.env.AWS_ENDPOINT_URL !== undefined;
// The SDK resolves credentials (and any AWS_ENDPOINT_URL_* of the environment) itself.
const cfn = new CloudFormationClient({ region: args.region });
const stacks = changeSets(cfn, onEmulator ? EMULATOR_WAIT : AWS_WAIT);
const s3 = new S3Client({ region: args.region, forcePathStyle: onEmulator });
// Names carry the stack name, so two stacks in one account do not collide.
const definition = defineResources({ namePrefix: `${args.stackName}-` });

try {
  if (args.command === 'deploy') await deploy();
  else await destroy();
} catch (err) {
  console.error(`deploy: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  cfn.destroy();
  s3.destroy();
}

async function deploy(): Promise<void> {
  const template = await loadTemplate(root, definition, args.variant);
  const changeSetName = `deploy-${new Date()
    .toISOString()
    .replace(/[^0-9]/g, '')
    .slice(0, 14)}`;
  const plan = await stacks.plan({
    stackName: args.stackName,
    template,
    changeSetName,
    tags: { project: 'participation-harness' },
  });
  console.log(formatPlan(plan));
  if (args.dryRun) {
    await stacks.discard(plan);
    console.log('dry run: change set deleted, nothing was changed');
    return;
  }
  const outputs = await stacks.execute(plan);
  const tableOutside = TEMPLATE_VARIANTS[args.variant].parts.table ? undefined : definition.table.name;
  const deployment = deploymentFromOutputs(args.stackName, args.region, outputs, tableOutside);
  const dir = join(root, '.stack', 'aws');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${args.stackName}.json`);
  writeFileSync(file, `${JSON.stringify(deployment, null, 2)}\n`);
  console.log(`deployed ${args.stackName}: ${file}`);
  console.log(
    `attach ${deployment.policies.ingest} to the ingest hosts' role, ${deployment.policies.worker} to the workers'`,
  );
}

async function destroy(): Promise<void> {
  const stack = await stacks.describe(args.stackName);
  if (!stack) {
    console.log(`stack ${args.stackName} does not exist: nothing to destroy`);
    return;
  }
  const bucket = (await stacks.outputs(args.stackName))[OUTPUT_NAMES.bucketName];
  const objects = bucket ? await emptyBucket(s3, bucket, { dryRun: args.dryRun }) : 0;
  if (args.dryRun) {
    console.log(
      `dry run: would delete ${objects} object(s) of ${bucket ?? 'no bucket'} and stack ${args.stackName} (${stack.StackStatus})`,
    );
    return;
  }
  console.log(`deleted ${objects} object(s) of ${bucket ?? 'no bucket'}`);
  await stacks.destroy(args.stackName);
  console.log(`destroyed ${args.stackName}`);
}
