/**
 * The embedded engine passes the engine conformance suite: every behaviour the project relies
 * on, the seat race three rounds in a row included. `make engine-check` runs the same suite
 * against any endpoint.
 */
import { describe, expect, inject, it } from 'vitest';
import { engineChecks } from './checks';
import { connectEngine } from './engine-check';

const target = inject('awsTarget');

describe('the embedded DynamoDB engine conforms', () => {
  const context = connectEngine(
    { url: target.endpoints.dynamodb, region: target.region, credentials: target.credentials },
    `conformance-${Date.now().toString(36)}-`,
  );
  for (const check of engineChecks()) {
    it(`${check.name}: ${check.requirement}`, async () => {
      await expect(check.run(context)).resolves.toBeUndefined();
    });
  }
});
