import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { judgeAnswer, runHttpFuzz } from './http-fuzz';

const json = 'application/json; charset=utf-8';

describe('judgeAnswer', () => {
  it('accepts a 4xx with a JSON { code, message }', () => {
    expect(
      judgeAnswer({
        method: 'POST',
        status: 401,
        contentType: json,
        body: '{"code":"UNAUTHENTICATED","message":"no"}',
      }),
    ).toBe('ok');
    expect(judgeAnswer({ method: 'HEAD', status: 404, contentType: json, body: '' })).toBe('ok');
  });

  it('flags every answer outside 4xx, successes included', () => {
    const body = '{"code":"X","message":"y"}';
    expect(
      [202, 200, 302, 500, 503].map((status) =>
        judgeAnswer({ method: 'POST', status, contentType: json, body }),
      ),
    ).toEqual(Array(5).fill('non4xx'));
  });

  it('flags a 4xx whose body is not a JSON { code, message }', () => {
    const cases = [
      { contentType: 'text/html', body: '<h1>Bad Request</h1>' },
      { contentType: undefined, body: '' },
      { contentType: json, body: 'not json' },
      { contentType: json, body: '{"code":"X"}' },
      { contentType: json, body: '{"code":"","message":"y"}' },
      { contentType: json, body: '[{"code":"X","message":"y"}]' },
      { contentType: 'text/plain', body: '' },
    ];
    expect(cases.map((c) => judgeAnswer({ method: 'GET', status: 400, ...c }))).toEqual(
      Array(cases.length).fill('nonJsonError'),
    );
    expect(judgeAnswer({ method: 'HEAD', status: 431, contentType: undefined, body: '' })).toBe(
      'nonJsonError',
    );
  });
});

describe('runHttpFuzz', () => {
  it('counts every answer of a misbehaving server as unexpected, by kind', async () => {
    // Prepare: 500 on login, 202 on participations, a dropped connection on reads, HTML elsewhere.
    const server = createServer((req, res) => {
      req.resume();
      const url = req.url ?? '';
      if (url.startsWith('/requests/')) return req.socket.destroy();
      if (url === '/auth/login') return res.writeHead(500, { 'content-type': 'application/json' }).end('{}');
      if (url.startsWith('/events/'))
        return res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>no</h1>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    try {
      // Act
      const counts = await runHttpFuzz({
        baseUrl: `http://127.0.0.1:${port}`,
        tokens: {
          validUser: 'v.v.v',
          expired: 'e.e.e',
          wrongKey: 'w.w.w',
          algNone: 'n.n.',
          tampered: 't.t.t',
        },
        runs: 300,
        seed: 5,
        concurrency: 4,
      });

      // Assess
      expect(Object.values(counts.byStatus).reduce((a, b) => a + b, 0)).toBe(300);
      expect(counts.byStatus['500']).toBeGreaterThan(0);
      expect(counts.byStatus['202']).toBeGreaterThan(0);
      expect(counts.non4xx.map((e) => e.status)).toEqual(expect.arrayContaining([500, 202]));
      expect(counts.nonJsonErrors.length).toBeGreaterThan(0);
      expect(counts.noAnswer.length).toBeGreaterThan(0);
      expect(counts.unexpected).toBe(300);
      expect(counts.byAnswer).toEqual({});
    } finally {
      server.close();
    }
  });
});
