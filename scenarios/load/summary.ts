/**
 * The end-of-phase summary, like k6's: iterations, requests, failed rate, checks, participation
 * latency percentiles, dropped iterations, the thresholds. Built from the records (pure), in the
 * K6Summary shape the report reads, so a run with k6 and a run with the driver render alike.
 */
import type { K6Summary } from '../../reports/run-report';
import { percentile } from '../../services/common/percentile';
import type { LoadMode } from './load-plan';
import type { LoadRecord } from './load-record';
import { judgeThresholds, type Threshold } from './thresholds';

export interface LoadSummary extends K6Summary {
  readonly mode: LoadMode;
  /** Iterations and requests per second, from the moment the VUs began to the last answer. */
  readonly iterationRate: number;
  readonly requestRate: number;
  readonly maxLatencyMs: number;
  readonly thresholds: readonly Threshold[];
  /** CPU the load process used per second of the phase, in cores (1 = one core busy). */
  readonly cpuCores?: number;
}

export interface SummaryInput {
  readonly tool: string;
  readonly mode: LoadMode;
  readonly vus: number;
  readonly duration: string;
  readonly elapsedMs: number;
  readonly dropped: number;
  /** Requests no iteration owns (the storm's one login). */
  readonly extraRequests?: number;
  readonly cpuCores?: number;
}

/**
 * What the summary needs of a phase's records, kept as they come so that the driver need not
 * hold every record until the end: counts, and the participation latencies (one number each).
 */
export interface SummaryTally {
  add(record: LoadRecord): void;
  readonly iterations: number;
  readonly failed: number;
  readonly requests: number;
  readonly checksPassed: number;
  readonly checksTotal: number;
  readonly latencies: readonly number[];
}

export function createTally(): SummaryTally {
  const latencies: number[] = [];
  const tally = {
    iterations: 0,
    failed: 0,
    requests: 0,
    checksPassed: 0,
    checksTotal: 0,
    latencies,
    add(record: LoadRecord) {
      tally.iterations++;
      if (record.operation.type !== 'ok') tally.failed++;
      tally.requests += record.requests;
      tally.checksPassed += record.checksPassed;
      tally.checksTotal += record.checksTotal;
      // Percentiles of participations only: an iteration whose login failed never sent one.
      if (record.participateMs !== undefined && record.operation.latencyMs !== undefined)
        latencies.push(record.operation.latencyMs);
    },
  };
  return tally;
}

export function summarizeTally(tally: SummaryTally, input: SummaryInput): LoadSummary {
  const requests = tally.requests + (input.extraRequests ?? 0);
  const perSecond = (n: number) => (input.elapsedMs > 0 ? (n * 1000) / input.elapsedMs : 0);
  const { iterations, latencies } = tally;
  const failedRate = iterations === 0 ? 0 : tally.failed / iterations;
  const checksRate = tally.checksTotal === 0 ? 0 : tally.checksPassed / tally.checksTotal;
  return {
    tool: input.tool,
    mode: input.mode,
    requests,
    failedRate,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    maxLatencyMs: percentile(latencies, 100),
    checksRate,
    iterations,
    iterationRate: perSecond(iterations),
    requestRate: perSecond(requests),
    ...(input.mode === 'open' || input.mode === 'probe' ? { droppedIterations: input.dropped } : {}),
    vus: input.vus,
    duration: input.duration,
    thresholds: judgeThresholds({ failedRate, checksRate, iterations }),
    ...(input.cpuCores === undefined ? {} : { cpuCores: input.cpuCores }),
  };
}

/** The lines printed at the end of a phase (and kept as <label>-summary.txt). */
export function formatSummary(label: string, summary: LoadSummary): string[] {
  const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '-');
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  const mark = (t: Threshold) => `${t.passed ? 'ok  ' : 'FAIL'} ${t.name} ${t.rule} (${pct(t.value)})`;
  return [
    `${summary.tool} ${label} (${summary.mode}): ${count(summary.iterations)} iterations ` +
      `(${summary.iterationRate.toFixed(1)}/s), ${count(summary.requests)} requests, ` +
      `failed ${pct(summary.failedRate)}, checks ${pct(summary.checksRate)}`,
    `participation p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}, p99 ${ms(summary.p99)}, max ${ms(summary.maxLatencyMs)}` +
      (summary.droppedIterations === undefined
        ? ''
        : `, dropped iterations ${count(summary.droppedIterations)}`),
    ...summary.thresholds.map(mark),
    ...(summary.cpuCores === undefined
      ? []
      : [`driver CPU ${summary.cpuCores.toFixed(2)} core(s) busy on average over the phase`]),
  ];
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
