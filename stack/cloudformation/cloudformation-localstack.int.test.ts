/**
 * The template against real tools: cfn-lint (offline) on both variants, and LocalStack's
 * CloudFormation for the change-set client logic that `make deploy TARGET=aws` runs (dry run,
 * create, no-op, update, destroy). LocalStack gets the variant without the table (its DynamoDB
 * needs Amazon's jar) and without Glue and Athena (501 in its free core).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClients, createAwsClients } from '../../services/aws/clients';
import { EMULATOR_CREDENTIALS } from '../embedded/embedded-stack';
import { findFreePort } from '../embedded/free-port';
import { configureLocalStackHost } from '../localstack/localstack-config';
import { type StartedLocalStack, startLocalStackHost } from '../localstack/localstack-host';
import { defineResources } from '../resources';
import { type ChangeSets, changeSets, EMULATOR_WAIT } from './change-set';
import { loadTemplate, TEMPLATE_VARIANTS, type TemplateVariant } from './load-template';
import { OUTPUT_NAMES } from './render-template';
import { inventoryFromTemplate, readInventory } from './template-inventory';

const root = join(import.meta.dirname, '../..');
const run = promisify(execFile);

/** cfn-lint on several templates in one run (its start-up is the slow part). */
async function cfnLint(templates: readonly unknown[]): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  const files = templates.map((template, index) => {
    const file = join(dir, `template-${index}.json`);
    writeFileSync(file, JSON.stringify(template, null, 2));
    return file;
  });
  return run(join(root, '.venv-cfn-lint/bin/cfn-lint'), files).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: err.code ?? -1,
      output: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    }),
  );
}

describe('cfn-lint', () => {
  it(`passes on every variant (${Object.keys(TEMPLATE_VARIANTS).join(', ')})`, async () => {
    const definition = defineResources({ namePrefix: 'lint-' });
    const templates = await Promise.all(
      (Object.keys(TEMPLATE_VARIANTS) as TemplateVariant[]).map((variant) =>
        loadTemplate(root, definition, variant),
      ),
    );

    expect(await cfnLint(templates)).toEqual({ code: 0, output: '' });
  });

  it('fails a template whose queue breaks an SQS limit (the check above can fail)', async () => {
    const template = await loadTemplate(root, defineResources(), 'aws');
    const broken = structuredClone(template) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    (broken.Resources.MainQueue as { Properties: Record<string, unknown> }).Properties.VisibilityTimeout =
      99_999;

    const result = await cfnLint([broken]);

    expect(result.code).not.toBe(0);
    expect(result.output).toContain('99999 is greater than the maximum of 43200');
  });
});

describe("the template on LocalStack's CloudFormation", () => {
  let localstack: StartedLocalStack;
  let cfn: CloudFormationClient;
  let stacks: ChangeSets;
  let clients: AwsClients;
  const stackName = `cfn-${process.pid}`;
  const definition = defineResources({ namePrefix: `cfn${process.pid}-` });

  beforeAll(async () => {
    localstack = await startLocalStackHost(
      configureLocalStackHost({
        root,
        runDir: join(root, '.stack', 'test-cloudformation'),
        port: await findFreePort(),
        baseEnv: process.env,
      }),
    );
    const target = { region: 'us-east-1', credentials: EMULATOR_CREDENTIALS, endpoint: localstack.endpoint };
    cfn = new CloudFormationClient(target);
    stacks = changeSets(cfn, EMULATOR_WAIT);
    clients = createAwsClients({
      region: 'us-east-1',
      credentials: EMULATOR_CREDENTIALS,
      endpoints: { sqs: localstack.endpoint, s3: localstack.endpoint, eventbridge: localstack.endpoint },
    });
  });
  afterAll(async () => {
    cfn?.destroy();
    clients?.destroy();
    await localstack?.stop();
  });

  it('prints the change set of a new stack on a dry run and leaves nothing behind', async () => {
    const template = await loadTemplate(root, definition, 'localstack');

    const plan = await stacks.plan({ stackName, template, changeSetName: 'dry-run' });
    await stacks.discard(plan);

    expect(plan.changeType).toBe('CREATE');
    expect(plan.changes.map((change) => `${change.action} ${change.logicalId}`).sort()).toEqual(
      Object.keys(template.Resources)
        .map((id) => `Add ${id}`)
        .sort(),
    );
    expect(await stacks.describe(stackName)).toBeUndefined();
  });

  it('deploys, and the resources read back as the template describes', async () => {
    const template = await loadTemplate(root, definition, 'localstack');

    const plan = await stacks.plan({ stackName, template, changeSetName: 'deploy-1' });
    const outputs = await stacks.execute(plan);

    expect(outputs).toMatchObject({
      [OUTPUT_NAMES.mainQueueUrl]: expect.stringContaining(definition.mainQueue.name),
      [OUTPUT_NAMES.bucketName]: definition.analytics.bucket.name,
      [OUTPUT_NAMES.deliveryStreamName]: definition.analytics.deliveryStream.name,
      [OUTPUT_NAMES.ruleName]: definition.analytics.rule.name,
    });
    expect(await readInventory(clients, definition, { table: false })).toEqual(
      inventoryFromTemplate(template),
    );
  });

  it('plans no change for the same template and a Modify for a changed redrive policy', async () => {
    const same = await stacks.plan({
      stackName,
      template: await loadTemplate(root, definition, 'localstack'),
      changeSetName: 'deploy-2',
    });
    await stacks.execute(same);
    const changed = defineResources({ namePrefix: `cfn${process.pid}-`, maxReceiveCount: 5 });
    const update = await stacks.plan({
      stackName,
      template: await loadTemplate(root, changed, 'localstack'),
      changeSetName: 'deploy-3',
    });
    await stacks.execute(update);

    expect(same.empty).toBe(true);
    expect(update.changeType).toBe('UPDATE');
    expect(update.changes).toContainEqual(
      expect.objectContaining({ action: 'Modify', logicalId: 'MainQueue' }),
    );
    const main = (await readInventory(clients, changed, { table: false })).queues.find(
      (queue) => queue.name === changed.mainQueue.name,
    );
    expect(main?.redrive?.maxReceiveCount).toBe(5);
  });

  it("make deploy's dry run prints the whole AWS template's change set (table, Glue, Athena too)", async () => {
    const template = await loadTemplate(root, defineResources({ namePrefix: 'dry-' }), 'aws');

    const { stdout } = await run(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        join(root, 'stack/aws/deploy-main.ts'),
        'deploy',
        '--dry-run',
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          STACK_NAME: 'dry',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL: localstack.endpoint,
        },
      },
    );

    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^create stack dry \(change set deploy-\d{14}\): 13 Add$/);
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^  Add +${logicalId} +${resource.Type}$`)),
      );
    }
    expect(lines.at(-1)).toBe('dry run: change set deleted, nothing was changed');
    expect(await stacks.describe('dry')).toBeUndefined();
  });

  it('destroys the stack, and a second destroy finds nothing to do', async () => {
    expect(await stacks.destroy(stackName)).toBe(true);
    expect(await stacks.destroy(stackName)).toBe(false);
  });
});
