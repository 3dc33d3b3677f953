// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${bucket} and ${AWS::...} are SQL and Fn::Sub placeholders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineResources } from '../resources';
import { parseCreateTable } from './glue-table';
import { LOGICAL_IDS } from './policies';
import { renderTemplate, TemplateOptionsError } from './render-template';
import type { CfnTemplate } from './template';
import { inventoryFromTemplate } from './template-inventory';

const glueTable = parseCreateTable(
  readFileSync(join(import.meta.dirname, '../../analytics/sql/create-table.sql'), 'utf8'),
);
const props = (template: CfnTemplate, logicalId: string) =>
  template.Resources[logicalId]?.Properties as Record<string, unknown>;

interface Statement {
  Action: string[];
  Resource: unknown[];
  Condition?: unknown;
}
const statementsOf = (document: unknown) => (document as { Statement: Statement[] }).Statement;

describe('renderTemplate', () => {
  it('describes the same resources as the definition the embedded provisioning applies', () => {
    const definition = defineResources({
      namePrefix: 'demo-',
      maxReceiveCount: 4,
      visibilityTimeoutSeconds: 45,
    });

    const inventory = inventoryFromTemplate(renderTemplate(definition, { glueTable }));

    // provision.ts: PK/SK, both GSIs with ALL projection, TTL on `ttl`.
    expect(inventory.table).toEqual({
      name: 'demo-AsyncEventTable',
      keys: ['PK:HASH', 'SK:RANGE'],
      indexes: definition.table.indexes.map((index) => ({
        name: index.name,
        keys: [`${index.pk}:HASH`, `${index.sk}:RANGE`],
        projection: 'ALL',
      })),
      ttlAttribute: 'ttl',
    });
    // provision.ts: the definition's attributes, the redrive policy on the main queue only.
    expect(inventory.queues).toEqual([
      { name: 'demo-participation-dlq', attributes: definition.deadLetterQueue.attributes, redrive: null },
      {
        name: 'demo-participation-main',
        attributes: definition.mainQueue.attributes,
        redrive: { deadLetterQueue: 'demo-participation-dlq', maxReceiveCount: 4 },
      },
    ]);
    // provision-analytics.ts: the bucket with public access blocked, the rule with $.detail.
    expect(inventory.bucket).toEqual({ name: 'demo-participation-analytics', publicAccessBlocked: true });
    expect(inventory.rule).toEqual({
      name: 'demo-rule-worker-to-firehose',
      pattern: definition.analytics.rule.pattern,
      inputPath: '$.detail',
    });
  });

  it('buffers 60 s / 1 MB under the dt=/hour= prefix and appends the newline between records', () => {
    const definition = defineResources();
    const template = renderTemplate(definition, { glueTable });

    const destination = props(template, LOGICAL_IDS.deliveryStream).ExtendedS3DestinationConfiguration;

    expect(destination).toMatchObject({
      Prefix: 'events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/',
      ErrorOutputPrefix: 'events/error/',
      BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 1 },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [
          {
            Type: 'AppendDelimiterToRecord',
            Parameters: [{ ParameterName: 'Delimiter', ParameterValue: '\\n' }],
          },
        ],
      },
    });
    const rule = props(template, LOGICAL_IDS.rule);
    expect(rule.Targets).toEqual([
      {
        Id: 'delivery-stream',
        Arn: { 'Fn::GetAtt': [LOGICAL_IDS.deliveryStream, 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [LOGICAL_IDS.ruleRole, 'Arn'] },
        InputPath: '$.detail',
      },
    ]);
  });

  it('declares the Glue table of create-table.sql over the bucket and an Athena workgroup with a cost cutoff', () => {
    const template = renderTemplate(defineResources(), {
      glueTable,
      bytesScannedCutoffPerQuery: 200_000_000,
    });

    const table = props(template, LOGICAL_IDS.glueTable).TableInput as {
      Name: string;
      PartitionKeys: unknown;
      StorageDescriptor: { Columns: unknown; Location: unknown; SerdeInfo: { SerializationLibrary: string } };
    };
    expect(table.Name).toBe('participation_logs');
    expect(table.PartitionKeys).toEqual(glueTable.partitionKeys);
    expect(table.StorageDescriptor.Columns).toEqual(glueTable.columns);
    expect(table.StorageDescriptor.Location).toEqual({ 'Fn::Sub': `s3://\${${LOGICAL_IDS.bucket}}/events/` });
    expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    const workGroup = props(template, LOGICAL_IDS.workGroup).WorkGroupConfiguration as Record<
      string,
      unknown
    >;
    expect(workGroup.BytesScannedCutoffPerQuery).toBe(200_000_000);
    expect(workGroup.EnforceWorkGroupConfiguration).toBe(true);
  });

  it('grants no wildcard action and no wildcard resource except PutMetricData held to its namespace', () => {
    const template = renderTemplate(defineResources(), { glueTable, metricNamespace: 'Demo' });
    const documents = [
      ...[LOGICAL_IDS.deliveryRole, LOGICAL_IDS.ruleRole].flatMap((id) =>
        (props(template, id).Policies as { PolicyDocument: unknown }[]).map(
          (policy) => policy.PolicyDocument,
        ),
      ),
      props(template, LOGICAL_IDS.ingestPolicy).PolicyDocument,
      props(template, LOGICAL_IDS.workerPolicy).PolicyDocument,
    ];

    const statements = documents.flatMap(statementsOf);

    expect(statements.length).toBeGreaterThan(5);
    for (const statement of statements) {
      expect(statement.Action.every((action) => !action.includes('*'))).toBe(true);
      if (statement.Resource.includes('*')) {
        expect(statement.Action).toEqual(['cloudwatch:PutMetricData']);
        expect(statement.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Demo' } });
      }
    }
    const firehose = statementsOf(
      (props(template, LOGICAL_IDS.ruleRole).Policies as { PolicyDocument: unknown }[])[0]?.PolicyDocument,
    );
    expect(firehose).toEqual([
      {
        Effect: 'Allow',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Resource: [{ 'Fn::GetAtt': [LOGICAL_IDS.deliveryStream, 'Arn'] }],
      },
    ]);
  });

  it('leaves out the table and the Athena part for LocalStack, and keeps the policies by table name', () => {
    const template = renderTemplate(defineResources({ namePrefix: 'ls-' }), {
      parts: { table: false, athena: false },
    });

    expect(Object.keys(template.Resources)).not.toContain(LOGICAL_IDS.table);
    expect(Object.keys(template.Resources)).not.toContain(LOGICAL_IDS.glueTable);
    expect(Object.keys(template.Resources)).not.toContain(LOGICAL_IDS.workGroup);
    expect(template.Outputs.TableName).toBeUndefined();
    expect(JSON.stringify(props(template, LOGICAL_IDS.workerPolicy))).toContain('table/ls-AsyncEventTable');
    expect(inventoryFromTemplate(template).table).toBeUndefined();
  });

  it('refuses options it cannot honour with an exact message', () => {
    expect(() => renderTemplate(defineResources())).toThrow(
      new TemplateOptionsError('the athena part needs glueTable (parseCreateTable of create-table.sql)'),
    );
    expect(() => renderTemplate(defineResources(), { glueTable, bytesScannedCutoffPerQuery: 5 })).toThrow(
      /bytesScannedCutoffPerQuery must be an integer >= 10000000, got 5/,
    );
  });

  it('suffixes the bucket with account and region for AWS only', () => {
    const definition = defineResources({ namePrefix: 'x-' });

    const aws = props(
      renderTemplate(definition, { glueTable, bucketNameSuffix: 'account-region' }),
      LOGICAL_IDS.bucket,
    );
    const plain = props(renderTemplate(definition, { glueTable }), LOGICAL_IDS.bucket);

    expect(aws.BucketName).toEqual({
      'Fn::Sub': 'x-participation-analytics-${AWS::AccountId}-${AWS::Region}',
    });
    expect(plain.BucketName).toBe('x-participation-analytics');
  });

  it('follows the definition for any prefix, visibility and maxReceiveCount', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
        fc.integer({ min: 1, max: 43_200 }),
        fc.integer({ min: 3, max: 5 }),
        (namePrefix, visibilityTimeoutSeconds, maxReceiveCount) => {
          const definition = defineResources({ namePrefix, visibilityTimeoutSeconds, maxReceiveCount });
          const inventory = inventoryFromTemplate(renderTemplate(definition, { glueTable }));
          const main = inventory.queues.find((queue) => queue.name === definition.mainQueue.name);
          expect(main?.attributes.VisibilityTimeout).toBe(String(visibilityTimeoutSeconds));
          expect(main?.redrive).toEqual({
            deadLetterQueue: definition.deadLetterQueue.name,
            maxReceiveCount,
          });
          expect(inventory.table?.name).toBe(definition.table.name);
        },
      ),
      { numRuns: 50 },
    );
  });
});
