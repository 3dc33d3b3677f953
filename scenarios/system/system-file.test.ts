import { describe, expect, it } from 'vitest';
import { parseSystemFile, SystemFileError } from './system-file';
import { fillUser, resolveSecret, shellQuote } from './token-source';

const minimal = {
  name: 'team-pipeline',
  ingest: { baseUrl: 'http://127.0.0.1:8080' },
  tokens: { kind: 'login' },
  aws: { region: 'ap-northeast-2' },
  resources: {
    table: 'AsyncEventTable',
    mainQueueUrl: 'http://127.0.0.1:4566/000000000000/main',
    deadLetterQueueUrl: 'http://127.0.0.1:4566/000000000000/dlq',
    maxReceiveCount: 3,
  },
  worker: { kind: 'commands', start: './start-worker.sh', stop: './stop-workers.sh' },
};

describe('system file', () => {
  it('fills the spec defaults for what a system does not say', () => {
    const system = parseSystemFile(JSON.stringify(minimal), 'system.json');
    expect(system.tokens).toEqual({
      kind: 'login',
      path: '/auth/login',
      body: { userId: '{userId}' },
      tokenField: 'accessToken',
    });
    expect(system.surfaces).toEqual({ statusLogs: true, adminRoutes: true, me: true, analytics: false });
    expect(system.answers).toEqual({ requestId: 'requestId', extra202Fields: [], timestamps: '' });
    expect(system.clockSkewMs).toBe(0);
  });

  it('lists every problem with its path, not just the first', () => {
    const broken = {
      ...minimal,
      ingest: { baseUrl: 'not a url' },
      tokens: { kind: 'sign', algorithm: 'RS256' },
      resources: { ...minimal.resources, maxReceiveCount: 0 },
      surprise: true,
    };
    let error: unknown;
    try {
      parseSystemFile(JSON.stringify(broken), 'team.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SystemFileError);
    const problems = (error as SystemFileError).problems.join('\n');
    expect(problems).toContain('ingest.baseUrl');
    expect(problems).toContain('tokens.algorithm');
    expect(problems).toContain('tokens.secret');
    expect(problems).toContain('resources.maxReceiveCount');
    expect(problems).toMatch(/surprise/);
    expect((error as Error).message).toContain('team.json');
  });

  it('says when the file is not JSON', () => {
    expect(() => parseSystemFile('{', 'x.json')).toThrow(/not JSON/);
  });
});

describe('token sources', () => {
  it('put the user into every string of a login body', () => {
    expect(fillUser({ username: '{userId}', meta: ['x-{userId}', 3] }, 'alice')).toEqual({
      username: 'alice',
      meta: ['x-alice', 3],
    });
  });

  it('read secrets from the environment when told to, and say which one is missing', () => {
    expect(resolveSecret('env:TEAM_SECRET', { TEAM_SECRET: 's3cret' })).toBe('s3cret');
    expect(() => resolveSecret('env:TEAM_SECRET', {})).toThrow(/TEAM_SECRET/);
    expect(resolveSecret('plain', {})).toBe('plain');
  });

  it('quote a userId for the shell', () => {
    expect(shellQuote("o'brien")).toBe(`'o'\\''brien'`);
  });
});
