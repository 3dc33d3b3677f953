/** report.md: for PR comments and terminals; charts as the PNG files next to it. */
import { type DocumentPart, documentParts, linkTarget } from './document-parts';
import { mdText } from './markdown-text';
import type { ReportDocument } from './report-document';

export const HTML_FILE = 'report.html';

export function renderDocumentMarkdown(doc: ReportDocument): string {
  const parts = documentParts(doc, { html: HTML_FILE }).map(partMarkdown);
  return `${parts.join('\n\n')}\n`;
}

function partMarkdown(part: DocumentPart): string {
  if (part.kind === 'markdown') return part.text;
  const alt = mdText(part.chart.title).replace(/[[\]]/g, '');
  return `![${alt}](${linkTarget(`${part.chart.name}.png`)})`;
}
