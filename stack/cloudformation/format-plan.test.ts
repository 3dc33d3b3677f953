import { describe, expect, it } from 'vitest';
import type { StackPlan } from './change-set';
import { formatPlan } from './format-plan';

const plan = (changes: StackPlan['changes'], changeType: StackPlan['changeType'] = 'UPDATE'): StackPlan => ({
  stackName: 'demo',
  changeSetName: 'deploy-1',
  changeSetId: 'arn:aws:cloudformation:us-east-1:1:changeSet/deploy-1/x',
  changeType,
  changes,
  empty: changes.length === 0,
});

describe('formatPlan', () => {
  it('prints one line per change with counts by action and replacement of modified resources', () => {
    const text = formatPlan(
      plan([
        { action: 'Add', logicalId: 'MainQueue', resourceType: 'AWS::SQS::Queue' },
        {
          action: 'Modify',
          logicalId: 'DeliveryStream',
          resourceType: 'AWS::KinesisFirehose::DeliveryStream',
          physicalId: 'participation-events',
          replacement: 'True',
        },
        { action: 'Add', logicalId: 'DeadLetterQueue', resourceType: 'AWS::SQS::Queue' },
      ]),
    );

    expect(text.split('\n')).toEqual([
      'update stack demo (change set deploy-1): 2 Add, 1 Modify',
      '  Add     MainQueue        AWS::SQS::Queue',
      '  Modify  DeliveryStream   AWS::KinesisFirehose::DeliveryStream (participation-events) replacement=True',
      '  Add     DeadLetterQueue  AWS::SQS::Queue',
    ]);
  });

  it('says when there is nothing to change', () => {
    expect(formatPlan(plan([], 'CREATE'))).toBe('create stack demo (change set deploy-1): no changes');
  });
});
