import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SPEC_LOGIN } from '../system/token-source';
import { describeLoadTool, refuseK6Tokens, resolveLoadTool } from './load-tool';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('choosing the load tool', () => {
  it('uses the harness driver without looking for k6', () => {
    const tool = resolveLoadTool('driver', '/nowhere/k6', '/repo');
    expect(tool).toEqual({ name: 'driver' });
    expect(describeLoadTool(tool, '8.12.4')).toBe('harness load driver (undici 8.12.4)');
  });

  it('refuses LOAD_TOOL=k6 at once when no k6 runs, saying what to do', () => {
    expect(() => resolveLoadTool('k6', '/nowhere/k6', '/repo')).toThrow(
      /no k6 runs as "\/nowhere\/k6"[\s\S]*does not install k6[\s\S]*K6_BINARY[\s\S]*leave LOAD_TOOL unset/,
    );
  });

  it('takes the k6 that K6_BINARY names, with its version and the G0 script', async () => {
    dir = await mkdtemp(join(tmpdir(), 'k6-binary-'));
    const binary = join(dir, 'k6');
    // Stands in for a user's k6 only as far as `k6 version` goes.
    await writeFile(binary, '#!/bin/sh\n[ "$1" = version ] && echo "k6 v9.9.9 (test)" && exit 0\nexit 1\n');
    await chmod(binary, 0o755);
    const tool = resolveLoadTool('k6', binary, '/repo');
    expect(tool).toEqual({
      name: 'k6',
      binary,
      script: '/repo/k6/g0_spike_participation.js',
      version: 'k6 v9.9.9 (test)',
    });
    expect(describeLoadTool(tool, '8.12.4')).toBe('k6 (k6 v9.9.9 (test))');
  });

  it("refuses k6 on a system whose tokens are not the spec's login, and lets the driver take any", () => {
    const k6 = { name: 'k6', binary: 'k6', script: 's.js', version: 'v1' } as const;
    const signed = {
      kind: 'sign',
      algorithm: 'HS256',
      secret: 's',
      subjectClaim: 'sub',
      roleClaim: 'role',
      ttlSeconds: 60,
    } as const;
    expect(() => refuseK6Tokens(k6, signed)).toThrow(
      /LOAD_TOOL=k6 but the system's tokens come by 'sign'[\s\S]*Leave LOAD_TOOL unset/,
    );
    expect(() =>
      refuseK6Tokens(k6, {
        kind: 'login',
        path: '/api/session',
        body: { userId: '{userId}' },
        tokenField: 'accessToken',
      }),
    ).toThrow(/a login at \/api\/session/);
    expect(() => refuseK6Tokens(k6, { kind: 'command', command: 'print-token' })).toThrow(/'command'/);
    expect(() => refuseK6Tokens(k6, SPEC_LOGIN)).not.toThrow();
    expect(() => refuseK6Tokens({ name: 'driver' }, signed)).not.toThrow();
  });
});
