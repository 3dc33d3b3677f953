/**
 * The closed model (k6's constant-vus): N virtual users, each starting its next iteration as soon
 * as its last one ended, until the duration is over. An iteration in flight at the end finishes
 * (bounded by the per-request timeout), as k6's graceful stop lets it.
 */
export interface ClosedModelOptions {
  readonly vus: number;
  readonly durationMs: number;
  /** Runs one iteration of one VU; must not throw (failures are records, not exceptions). */
  readonly iterate: (vu: number, iteration: number) => Promise<void>;
  readonly now?: () => number;
}

export interface ModelCounts {
  readonly started: number;
  readonly dropped: number;
}

export async function runClosedModel(options: ClosedModelOptions): Promise<ModelCounts> {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + options.durationMs;
  let started = 0;
  await Promise.all(
    Array.from({ length: options.vus }, async (_, vu) => {
      for (let iteration = 0; now() < deadline; iteration++) {
        started++;
        await options.iterate(vu, iteration);
      }
    }),
  );
  return { started, dropped: 0 };
}
