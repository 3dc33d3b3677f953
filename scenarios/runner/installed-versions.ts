/**
 * The versions of the emulators as installed, read from what the run started (the npm package's
 * package.json, the venv's dist-info folder), not from the pins: a report must say what ran,
 * and a pin that drifted from the install is exactly what a reader needs to see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<venv>/lib/python3.X/site-packages/<name>-<version>.dist-info`, or 'not installed'. */
export function pythonPackageVersion(venv: string, name: string): string {
  // dist-info names are normalised: lower case, dashes as underscores (PEP 427).
  const pattern = new RegExp(`^${name.toLowerCase().replace(/[-.]/g, '_')}-(\\d[^-]*)\\.dist-info$`);
  try {
    for (const lib of readdirSync(join(venv, 'lib')).filter((d) => d.startsWith('python'))) {
      for (const entry of readdirSync(join(venv, 'lib', lib, 'site-packages'))) {
        const version = pattern.exec(entry.toLowerCase())?.[1];
        if (version) return version;
      }
    }
  } catch {
    // no venv: reported as not installed
  }
  return 'not installed';
}

export function npmPackageVersion(root: string, name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

/** What the embedded stack runs, as installed under the project root. */
export function emulatorVersions(root: string): Record<string, string> {
  return {
    'DynamoDB engine': `ministack ${pythonPackageVersion(join(root, '.venv-ministack'), 'ministack')}`,
    fauxqs: npmPackageVersion(root, 'fauxqs'),
    moto: pythonPackageVersion(join(root, '.venv'), 'moto'),
  };
}
