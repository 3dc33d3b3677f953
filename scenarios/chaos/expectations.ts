/**
 * What a scenario expects its fault to cause, and the verdict that it did. A run in which the
 * fault never fired (a proxy counter at 0, a crash point never reached, no kill) proves nothing
 * about the services: its verdict is unknown with the counters as evidence, never a pass.
 */
import type { History, Verdict } from '../../invariants';
import { Status } from '../../services/common';
import type { FaultProxyStats } from '../../stack/embedded/fault-proxy';

export type Expectation =
  /** A proxy counter, summed over the scenario's proxies, reached at least `atLeast`. */
  | { readonly kind: 'proxy'; readonly counter: keyof FaultProxyStats; readonly atLeast: number }
  /** The crash point was reached and the worker died there. */
  | { readonly kind: 'crash-reached' }
  /** The kill nemesis SIGKILLed at least this many processes (ingest and workers). */
  | { readonly kind: 'kills'; readonly atLeast: number }
  /** At least this many answers with this HTTP status reached the clients. */
  | { readonly kind: 'http-status'; readonly status: number; readonly atLeast: number }
  /** At least this many lease takeovers (PROCESSING -> PROCESSING) in the status logs. */
  | { readonly kind: 'takeovers'; readonly atLeast: number }
  /** At least this many messages reached the DLQ. */
  | { readonly kind: 'dead-letters'; readonly atLeast: number };

/** What the nemesis saw while it ran: the counters the expectations are judged on. */
export interface NemesisEvidence {
  readonly proxy: Readonly<Record<string, Readonly<FaultProxyStats>>>;
  readonly crashReached: boolean;
  readonly kills: number;
}

export function judgeExpectations(
  expectations: readonly Expectation[],
  evidence: NemesisEvidence,
  history: History,
): Verdict {
  const counts: Record<string, number> = {};
  const unmet: string[] = [];
  for (const expectation of expectations) {
    const { label, seen, wanted } = measure(expectation, evidence, history);
    counts[label] = seen;
    if (seen < wanted) unmet.push(`${label}: ${seen} (expected at least ${wanted})`);
  }
  const title = 'The fault happened: the scenario saw what its fault must cause';
  if (expectations.length === 0) {
    return {
      id: 'fault',
      title,
      valid: 'unknown',
      summary: 'the scenario declares no expectation',
      counts,
      counterexamples: [],
    };
  }
  return {
    id: 'fault',
    title,
    valid: unmet.length === 0 ? true : 'unknown',
    summary:
      unmet.length === 0
        ? `fault evidence: ${Object.entries(counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : `the fault did not do what the scenario needs, so its invariants prove nothing: ${unmet.join('; ')}`,
    counts,
    counterexamples: unmet.length === 0 ? [] : [{ unmet, proxy: evidence.proxy }],
  };
}

function measure(
  expectation: Expectation,
  evidence: NemesisEvidence,
  history: History,
): { label: string; seen: number; wanted: number } {
  switch (expectation.kind) {
    case 'proxy': {
      const seen = Object.values(evidence.proxy).reduce((sum, stats) => sum + stats[expectation.counter], 0);
      return { label: `proxy ${expectation.counter}`, seen, wanted: expectation.atLeast };
    }
    case 'crash-reached':
      return { label: 'crash point reached', seen: evidence.crashReached ? 1 : 0, wanted: 1 };
    case 'kills':
      return { label: 'processes killed', seen: evidence.kills, wanted: expectation.atLeast };
    case 'http-status': {
      const seen = history.operations.filter((op) => op.httpStatus === expectation.status).length;
      return { label: `HTTP ${expectation.status} answers`, seen, wanted: expectation.atLeast };
    }
    case 'takeovers': {
      const seen = history.final.statusLogs.filter(
        (log) => log.fromStatus === Status.PROCESSING && log.toStatus === Status.PROCESSING,
      ).length;
      return { label: 'lease takeovers', seen, wanted: expectation.atLeast };
    }
    case 'dead-letters':
      return { label: 'dead letters', seen: history.final.deadLetters.length, wanted: expectation.atLeast };
  }
}
