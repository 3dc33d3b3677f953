/**
 * The mutation score: each mutant's targeted scenario run on the mutant, and whether the expected
 * check caught it (violated, with at least one counterexample quoted). `make chaos` reports it.
 */
import { type Logger, pino } from 'pino';
import type { Verdict } from '../../invariants';
import type { AwsTarget } from '../../services/aws/aws-target';
import { createAwsClients } from '../../services/aws/clients';
import { MUTANTS } from './catalog';
import type { MutantDefinition, ScenarioResult } from './mutant';

export interface MutationScoreRow {
  readonly name: string;
  readonly kind: MutantDefinition['kind'];
  readonly expected: string;
  readonly caught: boolean;
  /** The first counterexample of the expected check, when it caught the mutant. */
  readonly counterexample?: unknown;
  /** Every check the mutant's run violated, the expected one among them or not. */
  readonly violated: readonly string[];
  /** The scenario itself failed to run (the mutant then counts as not caught). */
  readonly error?: string;
}

export interface MutationScore {
  readonly caught: number;
  readonly total: number;
  readonly rows: readonly MutationScoreRow[];
}

/** The verdict the mutant must fail, if the run produced it. */
export function expectedVerdict(mutant: MutantDefinition, result: ScenarioResult): Verdict | undefined {
  return result.verdicts.find((verdict) => verdict.id === mutant.expectedViolation);
}

/** Caught = the expected check says false and quotes at least one counterexample. */
export function isCaught(mutant: MutantDefinition, result: ScenarioResult): boolean {
  const verdict = expectedVerdict(mutant, result);
  return verdict?.valid === false && verdict.counterexamples.length > 0;
}

export async function runMutationScore(options: {
  target: AwsTarget;
  logger?: Logger;
  mutants?: readonly MutantDefinition[];
  /** Told after each mutant, for a progress line. */
  onRow?: (row: MutationScoreRow) => void;
}): Promise<MutationScore> {
  const clients = createAwsClients(options.target);
  const env = { clients, logger: options.logger ?? pino({ level: 'silent' }) };
  const rows: MutationScoreRow[] = [];
  try {
    for (const mutant of options.mutants ?? MUTANTS) {
      const row = await scoreMutant(mutant, () => mutant.scenario(env, 'mutant'));
      options.onRow?.(row);
      rows.push(row);
    }
  } finally {
    clients.destroy();
  }
  return { caught: rows.filter((row) => row.caught).length, total: rows.length, rows };
}

async function scoreMutant(
  mutant: MutantDefinition,
  run: () => Promise<ScenarioResult>,
): Promise<MutationScoreRow> {
  const base = { name: mutant.name, kind: mutant.kind, expected: mutant.expectedViolation };
  try {
    const result = await run();
    const caught = isCaught(mutant, result);
    return {
      ...base,
      caught,
      ...(caught ? { counterexample: expectedVerdict(mutant, result)?.counterexamples[0] } : {}),
      violated: result.verdicts.filter((verdict) => verdict.valid === false).map((verdict) => verdict.id),
    };
  } catch (err) {
    return { ...base, caught: false, violated: [], error: err instanceof Error ? err.message : String(err) };
  }
}
