import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorVersions, npmPackageVersion, pythonPackageVersion } from './installed-versions';

describe('installed versions', () => {
  const root = mkdtempSync(join(tmpdir(), 'versions-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, '.venv/lib/python3.11/site-packages/moto-9.1.0.dist-info'), { recursive: true });
  mkdirSync(join(root, '.venv/lib/python3.11/site-packages/moto'), { recursive: true });
  mkdirSync(join(root, 'node_modules/fauxqs'), { recursive: true });
  writeFileSync(join(root, 'node_modules/fauxqs/package.json'), '{"name":"fauxqs","version":"3.0.0"}');

  it('reads what is installed, not what is pinned', () => {
    expect(pythonPackageVersion(join(root, '.venv'), 'moto')).toBe('9.1.0');
    expect(npmPackageVersion(root, 'fauxqs')).toBe('3.0.0');
  });

  it('says so when a package is not there', () => {
    expect(emulatorVersions(root)).toEqual({
      'DynamoDB engine': 'ministack not installed',
      fauxqs: '3.0.0',
      moto: '9.1.0',
    });
  });
});
