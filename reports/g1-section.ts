/**
 * The G1 parts of report.md: the four numbers the seed asks an operator to answer with SQL
 * (traffic, result mix, p95 queue delay, p95 end-to-end delay), each required query with its SQL
 * and its answer, the reconciliation of events against the table, the data validation of the
 * bucket, and the swallow sub-run (EventBridge unreachable, processing unchanged). Plain data in,
 * Markdown out, so a report can be re-rendered from results.json.
 */

import {
  formatCount,
  formatPercent,
  mdCode,
  mdCodeBlock,
  mdCountsTable,
  mdTable,
  mdText,
} from './markdown-text';
import { formatDelay } from './percentile';

export type G1QueryValue = string | number | boolean | null;

export interface G1QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, G1QueryValue>>[];
}

export interface G1QueryError {
  readonly error: string;
}

export interface G1Query {
  readonly name: string;
  readonly sql: string;
  readonly result: G1QueryResult | G1QueryError;
}

export interface G1Metrics {
  readonly trafficPerMinutePeak: number | null;
  readonly totalEvents: number;
  /** finalStatus or resultCode -> count. */
  readonly resultMix: Readonly<Record<string, number>>;
  /** Share of events with delivery.isDlq, 0..1. */
  readonly dlqShare: number;
  readonly p95QueueDelayMs: number | null;
  readonly p95EndToEndDelayMs: number | null;
}

export interface G1Reconciliation {
  readonly finalRequests: number;
  readonly events: number;
  readonly missing: number;
  readonly duplicates: number;
  readonly mismatched: number;
  readonly orphans: number;
}

export interface G1Validation {
  readonly negativeDelays: number;
  readonly missingTimestamps: number;
  readonly badKeys: number;
  readonly malformedLines: number;
  readonly objects: number;
  readonly errorObjects: number;
}

export interface G1Delivery {
  readonly bufferingSeconds: number;
  readonly bufferingMegabytes: number;
  readonly prefix: string;
  /** One sentence saying that the delivery stage imitates Firehose. */
  readonly imitation: string;
}

/** The sub-run with EventBridge unreachable: publishing fails, processing must not notice. */
export interface G1SwallowRun {
  readonly users: number;
  readonly capacity: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** The publish-failure counter as read after the sub-run; null when it could not be read. */
  readonly publishFailuresMetric: number | null;
  readonly queueEmpty: boolean;
  /** Events of the sub-run's event that reached the bucket: must be 0. */
  readonly eventsDelivered: number;
  readonly valid: boolean;
}

export interface G1SectionInput {
  /** What answered the queries, e.g. 'DuckDB 1.5 over the bucket (embedded)'. */
  readonly engine: string;
  readonly queries: readonly G1Query[];
  readonly metrics: G1Metrics;
  readonly reconciliation: G1Reconciliation;
  readonly validation: G1Validation;
  readonly delivery: G1Delivery;
  readonly swallow?: G1SwallowRun;
}

export interface ReportSection {
  readonly title: string;
  readonly markdown: string;
  /** Charts (by name) shown right after the text. */
  readonly charts?: readonly string[];
}

/** The charts of g1-charts.ts, shown under the G1 headline figures. */
export const G1_CHART_NAMES = ['traffic', 'result-mix', 'delays'] as const;

/** A query answer longer than this is cut in the report; the whole answer is in results.json. */
export const QUERY_ROW_LIMIT = 30;

export function renderG1Sections(input: G1SectionInput): ReportSection[] {
  return [
    { title: 'Analytics (G1)', markdown: analyticsMarkdown(input), charts: G1_CHART_NAMES },
    { title: 'Required queries', markdown: queriesMarkdown(input) },
    { title: 'Reconciliation', markdown: reconciliationMarkdown(input.reconciliation) },
    { title: 'Data validation', markdown: validationMarkdown(input.validation) },
    ...(input.swallow ? [{ title: 'Swallow sub-run', markdown: swallowMarkdown(input.swallow) }] : []),
  ];
}

/**
 * The conclusion of a passing G1 run, in plain text (the report's first line escapes it):
 * 'analytics answered all six queries: peak 120/min, SUCCESS 50 / REJECTED_CAPACITY 950
 * (DLQ 0.30%), p95 queue delay 12 ms, p95 end-to-end 40 ms'.
 */
export function renderG1Headline(input: Pick<G1SectionInput, 'queries' | 'metrics'>): string {
  const m = input.metrics;
  const failed = input.queries.filter((q) => isError(q.result)).map((q) => q.name);
  const total = input.queries.length;
  const answered =
    total === 0
      ? 'ran no query'
      : failed.length > 0
        ? `answered ${total - failed.length} of ${total} queries (failed: ${failed.join(', ')})`
        : `answered ${total === 1 ? 'its one query' : total === 2 ? 'both queries' : `all ${countWord(total)} queries`}`;
  return [
    `analytics ${answered}: peak ${peakText(m.trafficPerMinutePeak)}`,
    `${resultMixText(m.resultMix)} (DLQ ${formatPercent(m.dlqShare)})`,
    `p95 queue delay ${delayText(m.p95QueueDelayMs)}`,
    `p95 end-to-end ${delayText(m.p95EndToEndDelayMs)}`,
  ].join(', ');
}

function analyticsMarkdown(input: G1SectionInput): string {
  const m = input.metrics;
  const headline = [
    `**Traffic peak** ${peakText(m.trafficPerMinutePeak)} (by queuedAt)`,
    `**Result mix** ${mdText(resultMixText(m.resultMix))} of ${formatCount(m.totalEvents)} events, DLQ ${formatPercent(m.dlqShare)}`,
    `**p95 queue delay** ${delayText(m.p95QueueDelayMs)}`,
    `**p95 end-to-end delay** ${delayText(m.p95EndToEndDelayMs)}`,
  ].join(' · ');
  const d = input.delivery;
  const delivery = `Delivery: buffered up to ${formatCount(d.bufferingSeconds)} s or ${formatCount(d.bufferingMegabytes)} MB, written under ${mdCode(d.prefix)}. ${mdText(d.imitation)}`;
  const answeredBy = `The required queries were answered by ${mdText(input.engine)}.`;
  return [headline, `${answeredBy} ${delivery}`].join('\n\n');
}

function queriesMarkdown(input: G1SectionInput): string {
  return input.queries.length > 0
    ? input.queries.map(querySection).join('\n\n')
    : 'No analytics query was run.';
}

function querySection(query: G1Query): string {
  const sql = `<details><summary>SQL</summary>\n\n${mdCodeBlock(query.sql.trim(), 'sql')}\n\n</details>`;
  return `### ${mdText(query.name)}\n\n${sql}\n\n${isError(query.result) ? errorText(query.result) : resultTable(query.result)}`;
}

function errorText(result: G1QueryError): string {
  return `**The query failed:**\n\n${mdCodeBlock(result.error, 'text')}`;
}

function resultTable(result: G1QueryResult): string {
  if (result.rows.length === 0) return 'The query returned no rows.';
  // A result without a column list (an engine that only returns objects) still gets a header.
  const columns = result.columns.length > 0 ? result.columns : Object.keys(result.rows[0] ?? {});
  const shown = result.rows.slice(0, QUERY_ROW_LIMIT);
  const table = mdTable(
    columns.map(mdText),
    shown.map((row) => columns.map((c) => cellText(row[c]))),
  );
  const left = result.rows.length - shown.length;
  if (left === 0) return table;
  return `${table}\n\nShowing the first ${formatCount(shown.length)} of ${formatCount(result.rows.length)} rows; ${formatCount(left)} more left out.`;
}

function cellText(value: G1QueryValue | undefined): string {
  if (value === null || value === undefined) return '*null*';
  if (typeof value === 'string') return value === '' ? '*empty*' : mdText(value);
  return mdText(String(value));
}

interface CheckRow {
  readonly label: string;
  readonly value: number;
  /** Null for a figure shown for context, with no expectation. */
  readonly mustBeZero: boolean | null;
}

function checkTable(rows: readonly CheckRow[]): string {
  return mdTable(
    ['Count', 'Value', 'Expected', 'OK'],
    rows.map((r) => [
      r.label,
      formatCount(r.value),
      r.mustBeZero ? '0' : '-',
      r.mustBeZero ? (r.value === 0 ? 'yes' : '**no**') : '-',
    ]),
  );
}

function reconciliationMarkdown(r: G1Reconciliation): string {
  const intro =
    'Every final request must have its ParticipationProcessed event, with the same finalStatus and the queuedAt of the item. A redelivered message can publish twice: duplicates are counted, not failed.';
  return `${intro}\n\n${checkTable([
    { label: 'final requests (table)', value: r.finalRequests, mustBeZero: null },
    { label: 'events (bucket)', value: r.events, mustBeZero: null },
    { label: 'final requests without an event', value: r.missing, mustBeZero: true },
    { label: 'duplicate events (redelivery)', value: r.duplicates, mustBeZero: null },
    { label: 'events disagreeing with the table', value: r.mismatched, mustBeZero: true },
    { label: 'events for no final request', value: r.orphans, mustBeZero: true },
  ])}`;
}

function validationMarkdown(v: G1Validation): string {
  const intro = 'What reached the bucket, checked line by line: every count but the objects must be 0.';
  return `${intro}\n\n${checkTable([
    { label: 'negative delays', value: v.negativeDelays, mustBeZero: true },
    { label: 'missing timestamps', value: v.missingTimestamps, mustBeZero: true },
    { label: 'keys outside events/dt=YYYY-MM-DD/hour=HH/', value: v.badKeys, mustBeZero: true },
    { label: 'lines that are not one JSON object', value: v.malformedLines, mustBeZero: true },
    { label: 'objects under events/error/', value: v.errorObjects, mustBeZero: true },
    { label: 'objects', value: v.objects, mustBeZero: null },
  ])}`;
}

function swallowMarkdown(s: G1SwallowRun): string {
  const intro = `EventBridge was unreachable for ${formatCount(s.users)} users against a capacity of ${formatCount(s.capacity)}: publishing must fail quietly and change neither the final statuses nor the acknowledgements.`;
  const statusTable = mdCountsTable('Status', s.statusCounts) ?? 'No final status was read.';
  const metric =
    s.publishFailuresMetric === null
      ? `not read (${formatCount(s.users)} users)`
      : `${formatCount(s.publishFailuresMetric)} for ${formatCount(s.users)} users`;
  const facts = mdTable(
    ['Check', 'Result'],
    [
      ['publish-failure metric', metric],
      ['main queue empty afterwards', s.queueEmpty ? 'yes' : '**no**'],
      [
        'events delivered for this event (must be 0)',
        s.eventsDelivered === 0 ? '0' : `**${formatCount(s.eventsDelivered)}**`,
      ],
      ['verdict', s.valid ? 'PASS' : '**FAIL**'],
    ],
  );
  return `${intro}\n\n${statusTable}\n\n${facts}`;
}

function isError(result: G1QueryResult | G1QueryError): result is G1QueryError {
  return 'error' in result;
}

function resultMixText(mix: Readonly<Record<string, number>>): string {
  const entries = Object.entries(mix).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (entries.length === 0) return 'no results';
  return entries.map(([k, n]) => `${k} ${formatCount(n)}`).join(' / ');
}

function peakText(peak: number | null): string {
  return peak === null ? 'n/a' : `${formatCount(peak)}/min`;
}

function delayText(ms: number | null): string {
  return ms === null ? 'n/a' : formatDelay(ms);
}

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

function countWord(n: number): string {
  return WORDS[n] ?? formatCount(n);
}
