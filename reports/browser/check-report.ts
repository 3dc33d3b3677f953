/**
 * Opens a run's report.html in a real headless Chromium (Debian's package, driven by
 * puppeteer-core) from the run folder, offline, and checks what a reader would see: every
 * chart figure holds an image that decoded (no broken image, no chart the writer marked
 * missing), no script error, nothing fetched from anywhere. Saves a full-page screenshot next
 * to the report, so a person can look at what the check saw.
 */
import { execFileSync } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

export const SCREENSHOT_FILE = 'report-screenshot.png';

export interface BrowserCheck {
  readonly htmlFile: string;
  readonly screenshot: string;
  readonly charts: number;
  readonly rendered: number;
  /** Chart names (data-chart) whose image did not decode or that the writer marked missing. */
  readonly broken: readonly string[];
  readonly scriptErrors: readonly string[];
  /** Requests the page tried beyond its own file and data: URIs (must be none: it opens offline). */
  readonly fetched: readonly string[];
  readonly ok: boolean;
}

/** CHROMIUM_PATH, else Chromium or Chrome on the PATH (the names install-chromium.sh looks for). */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('no chromium found: run scripts/install-chromium.sh (Debian: apt-get install chromium)');
}

export async function checkReportInBrowser(
  runDir: string,
  options: { readonly chromium?: string; readonly width?: number } = {},
): Promise<BrowserCheck> {
  const htmlFile = path.resolve(runDir, 'report.html');
  await access(htmlFile);
  const browser = await puppeteer.launch({
    executablePath: options.chromium ?? findChromium(),
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: options.width ?? 1200, height: 900 });
    const scriptErrors: string[] = [];
    const fetched: string[] = [];
    page.on('pageerror', (err) => scriptErrors.push(String(err)));
    page.on('console', (message) => {
      if (message.type() === 'error') scriptErrors.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('data:') && url !== pathToFileURL(htmlFile).href) fetched.push(url);
    });
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    const figures = await page.$$eval('figure.chart', (nodes) =>
      nodes.map((figure) => {
        const img = figure.querySelector('img');
        const decoded =
          Boolean(img?.complete) && (img?.naturalWidth ?? 0) > 0 && (img?.naturalHeight ?? 0) > 0;
        return {
          name: figure.getAttribute('data-chart') ?? '?',
          ok: decoded && !figure.classList.contains('chart-missing'),
        };
      }),
    );
    const strayImages = await page.$$eval(
      'img',
      (nodes) => nodes.filter((img) => !(img.complete && img.naturalWidth > 0)).length,
    );
    const screenshot = path.join(path.dirname(htmlFile), SCREENSHOT_FILE);
    await page.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
    const broken = figures.filter((f) => !f.ok).map((f) => f.name);
    if (strayImages > broken.length) broken.push(`${strayImages - broken.length} image(s) outside a chart`);
    return {
      htmlFile,
      screenshot,
      charts: figures.length,
      rendered: figures.filter((f) => f.ok).length,
      broken,
      scriptErrors,
      fetched,
      ok: broken.length === 0 && scriptErrors.length === 0 && fetched.length === 0,
    };
  } finally {
    await browser.close();
  }
}

export function describeCheck(check: BrowserCheck): string {
  const head = `${check.ok ? 'ok  ' : 'FAIL'} ${check.htmlFile}: ${check.rendered}/${check.charts} charts rendered`;
  const problems = [
    ...check.broken.map((b) => `broken chart: ${b}`),
    ...check.scriptErrors.map((e) => `script error: ${e}`),
    ...check.fetched.map((u) => `fetched: ${u}`),
  ];
  return [head, ...problems.map((p) => `     ${p}`), `     screenshot: ${check.screenshot}`].join('\n');
}
