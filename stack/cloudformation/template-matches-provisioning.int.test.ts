/**
 * The template and the embedded provisioning describe the same resources: provision.ts and
 * provision-analytics.ts run on the embedded stack, the resources are read back through the
 * AWS APIs, and the inventory equals the one drawn from the rendered template.
 */
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createAwsClients } from '../../services/aws/clients';
import { provisionEmbeddedAnalytics } from '../embedded/provision-analytics';
import { provision } from '../provision';
import { defineResources } from '../resources';
import { readGlueTable } from './load-template';
import { renderTemplate } from './render-template';
import { inventoryFromTemplate, readInventory } from './template-inventory';

const root = join(import.meta.dirname, '../..');

describe('the template against the embedded provisioning', () => {
  it('reads back the same table, queues, bucket and rule as the template declares', async () => {
    const target = inject('awsTarget');
    const clients = createAwsClients(target, { maxAttempts: 1 });
    const definition = defineResources({ namePrefix: `tmp${process.pid}-`, maxReceiveCount: 4 });
    try {
      await provision(clients, definition);
      const analytics = await provisionEmbeddedAnalytics(target, clients, definition);
      analytics.bufferSqs.destroy();

      const live = await readInventory(clients, definition);

      const template = renderTemplate(definition, { glueTable: await readGlueTable(root) });
      const declared = inventoryFromTemplate(template);
      // fauxqs accepts PutPublicAccessBlock but does not answer it back on GetPublicAccessBlock,
      // so the flag cannot be read here; LocalStack's S3 answers it and its test compares it.
      expect(live).toEqual({
        ...declared,
        bucket: { ...declared.bucket, publicAccessBlocked: live.bucket.publicAccessBlocked },
      });
      expect(declared.bucket.publicAccessBlocked).toBe(true);
    } finally {
      clients.destroy();
    }
  });
});
