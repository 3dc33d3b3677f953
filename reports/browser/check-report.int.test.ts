/**
 * The browser check against a real headless Chromium: a report folder written by the report
 * writer from test data passes, and the same report with one chart broken, or with a script
 * that throws or fetches, fails. (An integration test: it needs the chromium package.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRunHistory, aRunReport } from '../test-helpers';
import { createRunFolder, writeRunReport } from '../write-run';
import { checkReportInBrowser, SCREENSHOT_FILE } from './check-report';

describe('checkReportInBrowser', () => {
  let base: string;
  let dir: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'browser-check-'));
    dir = await createRunFolder(path.join(base, 'runs'), 'g0-20261122T021500Z');
    await writeRunReport(dir, aRunReport(), {
      history: { ...aRunHistory(), phases: aRunReport().phases },
      lang: 'en',
    });
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('sees every chart of a written report rendered, offline, and saves a screenshot', async () => {
    const check = await checkReportInBrowser(dir);

    expect(check).toMatchObject({
      charts: 3,
      rendered: 3,
      broken: [],
      scriptErrors: [],
      fetched: [],
      ok: true,
    });
    const png = await readFile(path.join(dir, SCREENSHOT_FILE));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('fails a report whose chart image does not decode, naming the chart', async () => {
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    const broken = html.replace(
      /(<figure class="chart" data-chart="latency"><img alt="[^"]*" src=")[^"]*"/,
      '$1data:image/svg+xml;base64,bm90IGFuIGltYWdl"',
    );
    expect(broken).not.toBe(html);
    const other = await createRunFolder(path.join(base, 'runs'), 'g0-broken');
    await writeFile(path.join(other, 'report.html'), broken);

    const check = await checkReportInBrowser(other);

    expect(check.ok).toBe(false);
    expect(check.broken).toEqual(['latency']);
    expect(check.rendered).toBe(2);
  });

  it('fails a page with a script error or a fetch', async () => {
    const other = await createRunFolder(path.join(base, 'runs'), 'g0-script');
    await writeFile(
      path.join(other, 'report.html'),
      '<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png"><script>throw new Error("boom")</script></body></html>',
    );

    const check = await checkReportInBrowser(other);

    expect(check.ok).toBe(false);
    expect(check.scriptErrors.join(' ')).toContain('boom');
    expect(check.fetched).toEqual(['http://127.0.0.1:9/x.png']);
  });
});
