/**
 * report.html: the one file a presenter attaches. Everything is inline (charts as SVG data
 * URIs, the style sheet in <style>), there is no script, and the Content-Security-Policy forbids
 * loading anything, so it opens offline exactly as it opened here, and prints readably.
 */
import { Marked } from 'marked';
import type { RenderedChart } from './charts/render';
import { type DocumentPart, documentParts } from './document-parts';
import type { ReportDocument } from './report-document';
import { escapeXml } from './xml-escape';

// Its own instance: marked's global options are shared by every importer.
const marked = new Marked({ gfm: true, async: false });

export const HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const STYLE = `
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'NanumGothic', 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
  color: #1f2328; background: #ffffff; max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #eaeef2; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
code { font-family: 'DejaVu Sans Mono', ui-monospace, monospace; font-size: .85em; background: #f6f8fa; padding: .1em .3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: .7rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; white-space: pre-wrap; word-break: break-word; }
figure.chart { margin: 1rem 0; }
figure.chart img { display: block; max-width: 100%; height: auto; border: 1px solid #eaeef2; }
figure.chart figcaption { font-size: .85rem; color: #57606a; margin-top: .25rem; }
figure.chart-missing { border: 2px solid #cf222e; padding: .5rem; color: #cf222e; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  figure, table, pre { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  details { display: block; }
}
`;

export function renderDocumentHtml(
  doc: ReportDocument,
  rendered: ReadonlyMap<string, RenderedChart>,
): string {
  const body = documentParts(doc)
    .map((part) => partHtml(part, rendered))
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${doc.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(`${doc.title} ${doc.runId}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body data-run-kind="${escapeXml(doc.kind)}" data-valid="${escapeXml(String(doc.valid))}">`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function partHtml(part: DocumentPart, rendered: ReadonlyMap<string, RenderedChart>): string {
  if (part.kind === 'markdown') return marked.parse(part.text) as string;
  const chart = rendered.get(part.chart.name);
  const title = escapeXml(part.chart.title);
  if (!chart) {
    // Said on the page, and found by the browser check: a missing chart must not pass unseen.
    return `<figure class="chart chart-missing" data-chart="${escapeXml(part.chart.name)}"><figcaption>${title}: the chart could not be rendered</figcaption></figure>`;
  }
  const src = `data:image/svg+xml;base64,${Buffer.from(chart.svg, 'utf8').toString('base64')}`;
  return `<figure class="chart" data-chart="${escapeXml(chart.name)}"><img alt="${title}" src="${src}"><figcaption>${title}</figcaption></figure>`;
}
