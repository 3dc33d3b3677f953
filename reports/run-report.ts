/**
 * Everything the report of one run shows, gathered by the scenario runner. Plain data only, so
 * that results.json is this object and a report can be re-rendered from it later.
 * Times are epoch milliseconds, like the history; the renderers print them as ISO 8601.
 */
import type { PhaseMark } from '../invariants/history';
import type { Validity, Verdict } from '../invariants/verdict';
import type { RunKind } from './report-document';

/** The load summary of the spike, from k6 or from the harness's own driver (scenarios/load). */
export interface K6Summary {
  /** Which load tool produced it; k6 when absent. */
  readonly tool?: string;
  readonly requests: number;
  /** Failed share, 0..1: k6's http_req_failed; the driver's failed participations. */
  readonly failedRate: number;
  /** http_req_duration percentiles, ms. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** Fraction of checks that passed (202 with a requestId and no status), 0..1. */
  readonly checksRate: number;
  readonly iterations: number;
  readonly droppedIterations?: number;
  readonly vus: number;
  /** As given to k6, e.g. '60s'. */
  readonly duration: string;
}

/** A request sent just before the spike and followed to its final status (runbook step 6). */
export interface SampleRequest {
  readonly requestId: string;
  readonly userId: string;
  /** The status last read through GET /requests/{requestId}. */
  readonly status: string;
  readonly resultCode?: string;
  readonly requestedAt?: number;
  readonly queuedAt?: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

/** Ingest p95 while the worker was off against while it drained: ingest must not feel the worker. */
export interface DecouplingLatency {
  readonly workerOffP95Ms: number;
  readonly drainingP95Ms: number;
  /** drainingP95Ms / workerOffP95Ms. */
  readonly ratio: number;
  readonly goal: 1.2;
}

export interface RunReport {
  /** Also the folder name under reports/runs, e.g. g0-20261122T021500Z. */
  readonly runId: string;
  /** The run kind; read from the runId's prefix when absent (only G0 opens with the runbook's criteria). */
  readonly kind?: RunKind;
  /** e.g. 'G0 acceptance run'. */
  readonly title: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** The exact command that reproduces the run. */
  readonly command: string;
  readonly seed?: number | string;
  readonly parameters: Readonly<Record<string, string | number>>;
  /**
   * Versions (scenarios/runner/environment.ts): node, the load tool (the harness's driver, or k6
   * when a user ran their own), the DynamoDB engine (ministack), fauxqs, moto, the machine.
   */
  readonly environment: Readonly<Record<string, string>>;
  readonly verdicts: readonly Verdict[];
  /** The combined validity (see combineValidity); decides the headline and the exit code. */
  readonly valid: Validity;
  readonly k6?: K6Summary;
  /** Final request items by status. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly resultCodeCounts: Readonly<Record<string, number>>;
  readonly samples: readonly SampleRequest[];
  readonly latency?: DecouplingLatency;
  /** From the worker's start to an empty main queue. */
  readonly drainMs?: number;
  /** Highest main-queue depth (visible + not visible) seen while the worker was off. */
  readonly peakQueueDepth?: number;
  readonly phases: readonly PhaseMark[];
  /** Names of the runbook steps that failed: 'http', 'depth-rise', 'drain', 'table-unchanged'... */
  readonly failedSteps: readonly string[];
  readonly notes: readonly string[];
  /** The one-line conclusion of a passing run; G0's runbook conclusion when absent. */
  readonly passConclusion?: string;
  /**
   * Further sections a scenario adds (G1: the analytics queries; G0: fairness), in order, after
   * the samples. `charts` names charts (passed to the writer in RunExtras.charts) to show right
   * after the section's text.
   */
  readonly extraSections?: readonly {
    readonly title: string;
    readonly markdown: string;
    readonly charts?: readonly string[];
  }[];
}
