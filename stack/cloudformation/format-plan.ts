import type { StackPlan } from './change-set';

/** The dry run's printout: one line per resource change, in the order CloudFormation gave. */
export function formatPlan(plan: StackPlan): string {
  const head = `${plan.changeType === 'CREATE' ? 'create' : 'update'} stack ${plan.stackName} (change set ${plan.changeSetName})`;
  if (plan.empty) return `${head}: no changes`;
  const width = Math.max(...plan.changes.map((change) => change.logicalId.length));
  const lines = plan.changes.map((change) => {
    const replacement =
      change.replacement && change.action === 'Modify' ? ` replacement=${change.replacement}` : '';
    const physical = change.physicalId ? ` (${change.physicalId})` : '';
    return `  ${change.action.padEnd(7)} ${change.logicalId.padEnd(width)}  ${change.resourceType}${physical}${replacement}`;
  });
  const counts = Object.entries(
    plan.changes.reduce<Record<string, number>>((acc, change) => {
      acc[change.action] = (acc[change.action] ?? 0) + 1;
      return acc;
    }, {}),
  )
    .map(([action, count]) => `${count} ${action}`)
    .join(', ');
  return [`${head}: ${counts}`, ...lines].join('\n');
}
