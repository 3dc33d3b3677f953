/** Runs the engine conformance suite against one endpoint and reports each check. */
import { randomBytes } from 'node:crypto';
import { engineChecks } from './checks';
import type { SeatRaceShape } from './checks/seat-race';
import { connectEngine, EngineCheckFailure, type EngineEndpoint } from './engine-check';

export interface EngineCheckResult {
  readonly name: string;
  readonly requirement: string;
  readonly passed: boolean;
  readonly message?: string;
  readonly evidence?: unknown;
  readonly ms: number;
}

export async function runEngineSuite(
  endpoint: EngineEndpoint,
  options: { race?: SeatRaceShape; onResult?: (result: EngineCheckResult) => void } = {},
): Promise<EngineCheckResult[]> {
  const context = connectEngine(endpoint, `engine-${randomBytes(3).toString('hex')}-`);
  const results: EngineCheckResult[] = [];
  try {
    for (const check of engineChecks(options.race)) {
      const started = performance.now();
      let result: EngineCheckResult;
      try {
        await check.run(context);
        result = {
          name: check.name,
          requirement: check.requirement,
          passed: true,
          ms: performance.now() - started,
        };
      } catch (err) {
        result = {
          name: check.name,
          requirement: check.requirement,
          passed: false,
          // Anything but our own failure is the engine refusing a call the project makes.
          message:
            err instanceof EngineCheckFailure
              ? err.message
              : `${(err as Error).name}: ${(err as Error).message}`,
          evidence: err instanceof EngineCheckFailure ? err.evidence : undefined,
          ms: performance.now() - started,
        };
      }
      results.push(result);
      options.onResult?.(result);
    }
  } finally {
    context.destroy();
  }
  return results;
}
