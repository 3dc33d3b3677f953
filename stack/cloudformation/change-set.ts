/**
 * Deploys a rendered template through a change set, so that a dry run and a deploy share one
 * code path (the same calls on LocalStack and on AWS):
 *
 *   DescribeStacks: none / REVIEW_IN_PROGRESS -> CREATE, *_COMPLETE -> UPDATE
 *   CreateChangeSet --waitUntilChangeSetCreateComplete--> DescribeChangeSet (every page) = plan
 *     dry run:  DeleteChangeSet (and the empty REVIEW_IN_PROGRESS stack a CREATE left)
 *     deploy:   ExecuteChangeSet --waitUntilStackCreate|UpdateComplete--> outputs
 *   "no changes" is a FAILED change set with a reason saying so: a plan with no changes, not an error.
 */
import {
  type Capability,
  type CloudFormationClient,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
  waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import type { CfnTemplate } from './template';

export interface WaitOptions {
  /** Seconds between polls (the SDK's defaults are 30 s, far too slow for an emulator). */
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly maxWaitTime: number;
}

export const AWS_WAIT: WaitOptions = { minDelay: 5, maxDelay: 30, maxWaitTime: 1_800 };
export const EMULATOR_WAIT: WaitOptions = { minDelay: 1, maxDelay: 2, maxWaitTime: 120 };

export interface PlannedChange {
  readonly action: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  /** For a Modify: True / False / Conditional, as CloudFormation says. */
  readonly replacement?: string;
}

export interface StackPlan {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly changeSetId: string;
  readonly changeType: 'CREATE' | 'UPDATE';
  readonly changes: readonly PlannedChange[];
  /** CloudFormation found nothing to change. */
  readonly empty: boolean;
}

export interface DeployInput {
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly tags?: Readonly<Record<string, string>>;
  /** A name per attempt, e.g. `deploy-<timestamp>`; change set names must be unique per stack. */
  readonly changeSetName: string;
}

export class StackStateError extends Error {
  readonly code = 'STACK_STATE';
  override readonly name = 'StackStateError';
}

// IAM roles and managed policies with generated names need CAPABILITY_IAM; nothing is named.
const CAPABILITIES: Capability[] = ['CAPABILITY_IAM'];
const NO_CHANGES = /didn't contain changes|No updates are to be performed/i;

async function describeStack(cfn: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    return Stacks?.[0];
  } catch (err) {
    if (err instanceof Error && err.name === 'ValidationError' && /does not exist/.test(err.message))
      return undefined;
    throw err;
  }
}

async function planStack(
  cfn: CloudFormationClient,
  input: DeployInput,
  wait: WaitOptions,
): Promise<StackPlan> {
  const existing = await describeStack(cfn, input.stackName);
  const status = existing?.StackStatus;
  if (
    status === 'ROLLBACK_COMPLETE' ||
    (status?.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS')
  ) {
    throw new StackStateError(
      `stack ${input.stackName} is ${status}: ${status === 'ROLLBACK_COMPLETE' ? 'destroy it first' : 'wait until it settles'}`,
    );
  }
  const changeType = existing === undefined || status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  const { Id: changeSetId } = await cfn.send(
    new CreateChangeSetCommand({
      StackName: input.stackName,
      ChangeSetName: input.changeSetName,
      ChangeSetType: changeType,
      TemplateBody: JSON.stringify(input.template),
      Capabilities: CAPABILITIES,
      Tags: Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  if (!changeSetId) throw new Error('CreateChangeSet answered without an Id');
  const ids = { StackName: input.stackName, ChangeSetName: changeSetId };
  try {
    await waitUntilChangeSetCreateComplete({ client: cfn, ...wait }, ids);
  } catch (err) {
    const failed = await cfn.send(new DescribeChangeSetCommand(ids));
    if (failed.Status === 'FAILED' && NO_CHANGES.test(failed.StatusReason ?? '')) {
      return {
        stackName: input.stackName,
        changeSetName: input.changeSetName,
        changeSetId,
        changeType,
        changes: [],
        empty: true,
      };
    }
    throw new StackStateError(
      `change set ${input.changeSetName} of ${input.stackName} is ${failed.Status}: ${failed.StatusReason ?? String(err)}`,
    );
  }
  const changes: PlannedChange[] = [];
  let nextToken: string | undefined;
  do {
    const page: DescribeChangeSetCommandOutput = await cfn.send(
      new DescribeChangeSetCommand({ ...ids, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    for (const change of page.Changes ?? []) {
      const resource = change.ResourceChange;
      if (!resource) continue;
      changes.push({
        action: resource.Action ?? 'Unknown',
        logicalId: resource.LogicalResourceId ?? '?',
        resourceType: resource.ResourceType ?? '?',
        ...(resource.PhysicalResourceId ? { physicalId: resource.PhysicalResourceId } : {}),
        ...(resource.Replacement ? { replacement: resource.Replacement } : {}),
      });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return {
    stackName: input.stackName,
    changeSetName: input.changeSetName,
    changeSetId,
    changeType,
    changes,
    empty: changes.length === 0,
  };
}

/** Drops a plan that will not be executed; a CREATE plan also leaves an empty stack to delete. */
async function discardPlan(cfn: CloudFormationClient, plan: StackPlan, wait: WaitOptions): Promise<void> {
  await cfn.send(new DeleteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetId }));
  if (plan.changeType === 'CREATE') {
    await cfn.send(new DeleteStackCommand({ StackName: plan.stackName }));
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: plan.stackName });
  }
}

async function executePlan(
  cfn: CloudFormationClient,
  plan: StackPlan,
  wait: WaitOptions,
): Promise<Readonly<Record<string, string>>> {
  if (!plan.empty) {
    await cfn.send(
      new ExecuteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetId }),
    );
    const waiter = plan.changeType === 'CREATE' ? waitUntilStackCreateComplete : waitUntilStackUpdateComplete;
    try {
      await waiter({ client: cfn, ...wait }, { StackName: plan.stackName });
    } catch (err) {
      const stack = await describeStack(cfn, plan.stackName);
      throw new StackStateError(
        `stack ${plan.stackName} ended ${stack?.StackStatus ?? 'missing'}: ${stack?.StackStatusReason ?? String(err)}`,
      );
    }
  } else {
    await cfn.send(
      new DeleteChangeSetCommand({ StackName: plan.stackName, ChangeSetName: plan.changeSetId }),
    );
  }
  return readStackOutputs(cfn, plan.stackName);
}

async function readStackOutputs(
  cfn: CloudFormationClient,
  stackName: string,
): Promise<Readonly<Record<string, string>>> {
  const stack = await describeStack(cfn, stackName);
  if (!stack) throw new StackStateError(`stack ${stackName} does not exist`);
  return Object.fromEntries(
    (stack.Outputs ?? []).flatMap((output) =>
      output.OutputKey && output.OutputValue !== undefined ? [[output.OutputKey, output.OutputValue]] : [],
    ),
  );
}

/** Deletes the stack and waits; a stack that does not exist is already destroyed. */
async function destroyStack(
  cfn: CloudFormationClient,
  stackName: string,
  wait: WaitOptions,
): Promise<boolean> {
  const stack = await describeStack(cfn, stackName);
  if (!stack) return false;
  await cfn.send(new DeleteStackCommand({ StackName: stackName }));
  try {
    await waitUntilStackDeleteComplete({ client: cfn, ...wait }, { StackName: stackName });
  } catch (err) {
    const after = await describeStack(cfn, stackName);
    throw new StackStateError(
      `stack ${stackName} ended ${after?.StackStatus ?? 'missing'}: ${after?.StackStatusReason ?? String(err)}`,
    );
  }
  return true;
}

export interface ChangeSets {
  describe(stackName: string): Promise<Stack | undefined>;
  plan(input: DeployInput): Promise<StackPlan>;
  discard(plan: StackPlan): Promise<void>;
  execute(plan: StackPlan): Promise<Readonly<Record<string, string>>>;
  outputs(stackName: string): Promise<Readonly<Record<string, string>>>;
  /** False when there was no such stack. */
  destroy(stackName: string): Promise<boolean>;
}

/** The calls above on one client with one waiting policy (AWS_WAIT or EMULATOR_WAIT). */
export function changeSets(cfn: CloudFormationClient, wait: WaitOptions): ChangeSets {
  return {
    describe: (stackName) => describeStack(cfn, stackName),
    plan: (input) => planStack(cfn, input, wait),
    discard: (plan) => discardPlan(cfn, plan, wait),
    execute: (plan) => executePlan(cfn, plan, wait),
    outputs: (stackName) => readStackOutputs(cfn, stackName),
    destroy: (stackName) => destroyStack(cfn, stackName, wait),
  };
}
