/**
 * What one load phase does, as plain data: the same four shapes the k6 script of k6/ offers, so
 * that LOAD_TOOL=k6 and the harness's own driver run the same phases.
 *
 *   spike  closed model: VUS virtual users, each looping login -> participate for DURATION
 *   open   open model: arrivals ramp from RATE/10 to RATE/s in 5 s, then RATE/s for DURATION;
 *          an arrival that finds no free VU (VUS of them) is dropped, never delayed
 *   probe  open model at a constant RATE/s for DURATION: the light load of the decoupling ratio
 *   storm  closed model with ONE user's token: VUS clients repeat the same participation
 */
export const LOAD_MODES = ['spike', 'open', 'probe', 'storm'] as const;
export type LoadMode = (typeof LOAD_MODES)[number];
/** The modes a spike phase may take (probe is the light load of the probe phases). */
export const SPIKE_MODES = ['spike', 'open', 'storm'] as const;

/** driver = the harness's own load driver; k6 = a k6 the user brought. */
export const LOAD_TOOLS = ['driver', 'k6'] as const;
export type LoadToolName = (typeof LOAD_TOOLS)[number];

/** One stage of a ramping arrival rate: the rate moves linearly to targetRate over durationMs. */
export interface RateStage {
  readonly targetRate: number;
  readonly durationMs: number;
}

/** The open model's arrivals: a plan's, and each share's of it (with its own maxVUs). */
export interface OpenArrivals {
  readonly kind: 'open';
  /** Arrivals per second at the start of the first stage. */
  readonly startRate: number;
  readonly stages: readonly RateStage[];
  /** The most iterations in flight at once; an arrival beyond them is dropped. */
  readonly maxVUs: number;
}

export type LoadPlan =
  | { readonly kind: 'closed'; readonly vus: number; readonly durationMs: number }
  | { readonly kind: 'storm'; readonly vus: number; readonly durationMs: number }
  | OpenArrivals;

export interface LoadParameters {
  readonly mode: LoadMode;
  readonly vus: number;
  /** As the runbook writes it: 60s, 2m, 500ms. */
  readonly duration: string;
  /** Arrivals per second (open and probe). */
  readonly rate: number;
}

const OPEN_RAMP_MS = 5_000;

export function planFor(parameters: LoadParameters): LoadPlan {
  const durationMs = parseDurationMs(parameters.duration);
  switch (parameters.mode) {
    case 'spike':
      return { kind: 'closed', vus: parameters.vus, durationMs };
    case 'storm':
      return { kind: 'storm', vus: parameters.vus, durationMs };
    case 'open':
      return {
        kind: 'open',
        startRate: Math.max(1, Math.round(parameters.rate / 10)),
        stages: [
          { targetRate: parameters.rate, durationMs: OPEN_RAMP_MS },
          { targetRate: parameters.rate, durationMs },
        ],
        maxVUs: parameters.vus,
      };
    case 'probe':
      return {
        kind: 'open',
        startRate: parameters.rate,
        stages: [{ targetRate: parameters.rate, durationMs }],
        maxVUs: parameters.vus,
      };
  }
}

/** Total planned length of a phase (what live progress counts towards). */
export function plannedMs(plan: LoadPlan): number {
  return plan.kind === 'open' ? plan.stages.reduce((sum, s) => sum + s.durationMs, 0) : plan.durationMs;
}

/** The VUs a plan may use at most. */
export function plannedVUs(plan: LoadPlan): number {
  return plan.kind === 'open' ? plan.maxVUs : plan.vus;
}

export function parseDurationMs(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (!match) throw new Error(`duration ${JSON.stringify(text)} must look like 60s, 2m or 500ms`);
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;
}
