/**
 * The bug zoo against the checkers: every mutant's targeted scenario must be reported invalid on
 * the mutant's expected check, with a counterexample quoted, and the very same scenario on the
 * reference services must be valid. A checker that passes a mutant is a gap in the harness; a
 * scenario that fails the reference too proves nothing.
 */
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createAwsClients } from '../../services/aws/clients';
import { MUTANTS } from './catalog';
import type { MutantEnvironment, ScenarioResult } from './mutant';
import { expectedVerdict } from './mutation-score';

const clients = createAwsClients(inject('awsTarget'));
const env: MutantEnvironment = { clients, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) };

/** What a failed expectation prints: the verdicts that matter, not the whole history. */
function brief(result: ScenarioResult) {
  return result.verdicts.map(({ id, valid, summary, counterexamples }) => ({
    id,
    valid,
    summary,
    counterexample: counterexamples[0],
  }));
}

describe.each(MUTANTS)('mutant $name ($kind)', (mutant) => {
  it(`is caught by ${mutant.expectedViolation} with a counterexample`, async () => {
    const result = await mutant.scenario(env, 'mutant');
    const verdict = expectedVerdict(mutant, result);

    expect(verdict?.valid, JSON.stringify(brief(result), null, 2)).toBe(false);
    expect(verdict?.counterexamples.length).toBeGreaterThan(0);
    expect(result.valid).toBe(false);
    for (const id of mutant.alsoViolates ?? []) {
      expect(result.verdicts.find((v) => v.id === id)?.valid, `${id} must be violated too`).toBe(false);
    }
  });

  it('passes the same scenario on the reference services', async () => {
    const result = await mutant.scenario(env, 'reference');

    expect(result.valid, JSON.stringify(brief(result), null, 2)).toBe(true);
    expect(result.drained).toBe(true);
  });
});

afterAll(() => clients.destroy());
