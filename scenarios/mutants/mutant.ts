/**
 * What a mutant of the bug zoo is: a deliberately broken variant of the reference ingest or
 * worker, injected through the services' own seams, with the small targeted scenario that must
 * expose it. The same scenario runs on the reference services, which must pass it: a scenario
 * that fails both proves nothing about the checkers.
 */
import type { Logger } from 'pino';
import type { History, Validity, Verdict } from '../../invariants';
import type { AwsClients } from '../../services/aws/clients';

/** What every scenario needs from outside: clients on the stack, and where to log. */
export interface MutantEnvironment {
  readonly clients: AwsClients;
  readonly logger: Logger;
}

/** The invariant (spec section 6) a mutant must be caught by; I5b is nothing-lost's orphan check. */
export type ExpectedViolation =
  | 'I1'
  | 'I2'
  | 'I3'
  | 'I4'
  | 'I5'
  | 'I5b'
  | 'I6'
  | 'I7'
  | 'I8'
  | 'I10'
  | 'I11'
  | 'I12'
  | 'I13'
  | 'I14';

/** Which implementation a scenario runs: the mutant, or the reference services in its place. */
export type Variant = 'mutant' | 'reference';

export interface ScenarioResult {
  readonly history: History;
  /** Every checker of the run, in a fixed order. */
  readonly verdicts: readonly Verdict[];
  readonly valid: Validity;
  /** Whether the queue emptied and every request became final before the drain timeout. */
  readonly drained: boolean;
}

export interface MutantDefinition {
  /** kebab-case, the name of the mutant's file. */
  readonly name: string;
  /** Which service the mutant replaces a part of. */
  readonly kind: 'worker' | 'ingest';
  readonly description: string;
  readonly expectedViolation: ExpectedViolation;
  /** Further checks the mutant's scenario must also fail (its other visible symptoms). */
  readonly alsoViolates?: readonly ExpectedViolation[];
  /** Runs the targeted scenario on a fresh stage, with the mutant or with the reference parts. */
  readonly scenario: (env: MutantEnvironment, variant: Variant) => Promise<ScenarioResult>;
}
