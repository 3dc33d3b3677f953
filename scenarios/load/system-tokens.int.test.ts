/**
 * G0's load step on a system whose tokens the harness signs: the reference services started by
 * shell commands from a system file (conformance's fixture), the file's tokens section turned
 * into HS256 with the services' own secret. The spike must record accepted participations
 * without ever calling the login route (ingest logs every request at debug, so its log says).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { writeFixtureSystem } from '../conformance/external-fixtures';
import { openExternalSystem } from '../system/external-system';
import { readSystemFile } from '../system/system-file';
import type { SystemUnderTest } from '../system/system-under-test';
import { runLoadPhase } from './load-tool';

const target = inject('awsTarget');
const root = join(import.meta.dirname, '../..');
let system: SystemUnderTest | undefined;

afterAll(async () => {
  await system?.stop();
});

it('drives a spike with tokens signed by the harness, the login route unused', {
  timeout: 120_000,
}, async () => {
  const folder = join(root, '.stack', 'load-tokens-test', Date.now().toString(36));
  const { system: fixture } = await writeFixtureSystem('reference', target, root, folder);
  const envFile = join(folder, 'system.env');
  const secret = JSON.parse(
    /^TOKEN_SECRET=(.*)$/m.exec(readFileSync(envFile, 'utf8'))?.[1] ?? '""',
  ) as string;
  expect(secret).not.toBe('');
  // Successful requests are logged at debug only: this ingest logs every login it answers.
  await appendFile(envFile, 'LOG_LEVEL="debug"\n');
  const path = join(folder, 'signed-system.json');
  writeFileSync(
    path,
    JSON.stringify({
      ...fixture,
      tokens: { kind: 'sign', algorithm: 'HS256', secret, issuer: 'participation-ingest', ttlSeconds: 600 },
    }),
  );
  const file = readSystemFile(path);
  system = await openExternalSystem(file.system, { env: process.env, folder: file.folder });
  await system.seedEvent('EVT-SIGNED', 5);

  const run = await runLoadPhase(
    { name: 'driver' },
    {
      label: 'spike',
      parameters: { mode: 'spike', vus: 4, duration: '1s', rate: 1 },
      baseUrl: system.ingestUrl,
      eventId: 'EVT-SIGNED',
      runTag: 'signed',
      runDir: folder,
      tokenFor: system.tokenFor,
      onLine: () => {},
    },
  );

  expect(run.operations.length).toBeGreaterThan(4);
  expect(run.operations.every((op) => op.type === 'ok' && op.httpStatus === 202 && op.requestId)).toBe(true);
  expect(run.exitCode).toBe(0);
  const answered = readFileSync(join(folder, 'ingest.log'), 'utf8')
    .split('\n')
    .map((line) => /"url":"([^"?]+)/.exec(line)?.[1])
    .filter((url) => url !== undefined);
  expect(answered).toContain('/events/EVT-SIGNED/participations');
  expect(answered.filter((url) => url === '/auth/login')).toEqual([]);
});
