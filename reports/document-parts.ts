/**
 * The document in reading order as Markdown pieces and chart slots, shared by report.md and
 * report.html: did it pass (headline, criteria, verdicts), what does it look like (charts), the
 * run kind's sections, where to look (logs), how to run it again.
 */
import type { ReportChart } from './charts/render';
import { formatSeconds, isoOrDash, mdCode, mdCodeBlock, mdCodeCell, mdTable, mdText } from './markdown-text';
import type { DocumentSection, ReportDocument } from './report-document';
import { verdictMark, verdictWord, WORDS } from './report-text';

export type DocumentPart =
  | { readonly kind: 'markdown'; readonly text: string }
  | { readonly kind: 'chart'; readonly chart: ReportChart };

export function documentParts(doc: ReportDocument, links: { readonly html?: string } = {}): DocumentPart[] {
  const w = WORDS[doc.lang];
  const md = (text: string): DocumentPart[] => (text === '' ? [] : [{ kind: 'markdown', text }]);
  const charts = new Map(doc.charts.map((c) => [c.name, c]));
  const placed = new Set(doc.sections.flatMap((s) => s.charts ?? []));
  const section = (s: DocumentSection): DocumentPart[] => [
    ...md(`## ${mdText(s.title)}\n\n${s.markdown}`),
    ...(s.charts ?? []).flatMap((name) => {
      const chart = charts.get(name);
      return chart ? [{ kind: 'chart' as const, chart }] : [];
    }),
  ];
  const loose = doc.charts.filter((c) => !placed.has(c.name));
  return [
    ...md(`**${mdText(doc.headline)}**`),
    ...md(`# ${mdText(doc.title)} ${mdCode(doc.runId)}`),
    ...md(summaryLine(doc, links.html)),
    ...md(criteriaMarkdown(doc)),
    ...md(verdictsMarkdown(doc)),
    ...doc.sections.filter((s) => s.early).flatMap(section),
    ...(loose.length > 0 ? md(`## ${w.charts}`) : []),
    ...loose.map((chart) => ({ kind: 'chart' as const, chart })),
    ...doc.sections.filter((s) => !s.early).flatMap(section),
    ...md(logsMarkdown(doc)),
    ...md(reproduceMarkdown(doc)),
  ];
}

function summaryLine(doc: ReportDocument, html: string | undefined): string {
  const w = WORDS[doc.lang];
  const parts = [
    `${w.started} ${isoOrDash(doc.startedAt)}`,
    `${w.finished} ${isoOrDash(doc.finishedAt)}`,
    `${w.took} ${formatSeconds(doc.finishedAt - doc.startedAt)}`,
    `${w.overall} ${verdictMark(doc.valid)} ${verdictWord(doc.valid, doc.lang)}`,
  ];
  const line = parts.join(' · ');
  return html ? `${line}\n\n[${w.htmlReport}](${html})` : line;
}

function criteriaMarkdown(doc: ReportDocument): string {
  const c = doc.criteria;
  if (!c) return '';
  const w = WORDS[doc.lang];
  const rows = c.rows.map((r) => [verdictMark(r.met), `**${mdText(r.label)}**`, mdText(r.evidence)]);
  return `## ${mdText(c.title)}\n\n${mdTable(w.criteriaHeader, rows)}\n\n**${mdText(c.conclusion)}**`;
}

function verdictsMarkdown(doc: ReportDocument): string {
  const w = WORDS[doc.lang];
  const title = doc.verdictsTitle ?? w.invariants;
  if (doc.verdicts.length === 0) return `## ${mdText(title)}\n\n${w.noVerdicts}`;
  const rows = doc.verdicts.map((v) => [
    mdCodeCell(v.id),
    mdText(v.title),
    `${verdictMark(v.valid)} ${verdictWord(v.valid, doc.lang)}`,
    mdText(v.summary),
  ]);
  return `## ${mdText(title)}\n\n${mdTable(w.verdictHeader, rows)}`;
}

function logsMarkdown(doc: ReportDocument): string {
  if (!doc.logs || doc.logs.length === 0) return '';
  const w = WORDS[doc.lang];
  return `## ${w.logs}\n\n${doc.logs.map((l) => `- [${mdText(l.label)}](${linkTarget(l.file)})`).join('\n')}`;
}

function reproduceMarkdown(doc: ReportDocument): string {
  const w = WORDS[doc.lang];
  const params = Object.entries(doc.parameters).map(([k, v]) => [mdText(k), mdCodeCell(String(v))]);
  const env = Object.entries(doc.environment).map(([k, v]) => [mdText(k), mdCodeCell(v)]);
  return [
    `## ${w.reproduce}`,
    `${w.parameters}:\n\n${params.length > 0 ? mdTable(w.parameterHeader, params) : '-'}`,
    `${w.environment}:\n\n${env.length > 0 ? mdTable(w.environmentHeader, env) : '-'}`,
    `${w.seed}: ${doc.seed !== undefined ? mdCode(String(doc.seed)) : w.noSeed}`,
    `${w.command}:\n\n${mdCodeBlock(doc.command, 'sh')}`,
  ].join('\n\n');
}

/** A link target that survives spaces and parentheses in the file name (CommonMark's <...> form). */
export function linkTarget(file: string): string {
  return /[\s()<>]/.test(file) ? `<${file.replace(/</g, '%3C').replace(/>/g, '%3E')}>` : file;
}
