/**
 * Errors of the analytics engines, with stable codes: a report or a scenario branches on `code`
 * whichever engine ran the query.
 */
import { DomainError } from '../services/common/errors';

export interface QueryFailure {
  readonly engine: string;
  /** The .sql file's name, or the start of the statement when it was not loaded from one. */
  readonly queryName: string;
  /** Athena's final state (FAILED or CANCELLED); absent for engines without states. */
  readonly state?: string;
  readonly reason: string;
  readonly queryExecutionId?: string;
}

export class QueryFailedError extends DomainError {
  readonly code = 'QUERY_FAILED';
  constructor(
    readonly failure: QueryFailure,
    options?: { cause?: unknown },
  ) {
    const state = failure.state ? ` ${failure.state}` : '';
    const id = failure.queryExecutionId ? ` (${failure.queryExecutionId})` : '';
    super(`${failure.engine} query ${failure.queryName}${state}${id}: ${failure.reason}`, options);
  }
}

export class QueryTimedOutError extends DomainError {
  readonly code = 'QUERY_TIMED_OUT';
  constructor(
    readonly engine: string,
    readonly queryName: string,
    readonly timeoutMs: number,
    readonly queryExecutionId: string,
  ) {
    super(
      `${engine} query ${queryName} (${queryExecutionId}) did not finish within ${timeoutMs} ms; stopped`,
    );
  }
}

export class QueryParametersMissingError extends DomainError {
  readonly code = 'QUERY_PARAMETERS_MISSING';
  constructor(readonly missing: readonly string[]) {
    super(`the query needs a value for ${missing.map((name) => `\${${name}}`).join(', ')}`);
  }
}

export class QueryParameterUnsafeError extends DomainError {
  readonly code = 'QUERY_PARAMETER_UNSAFE';
  constructor(readonly parameter: string) {
    super(`parameter ${parameter} may not contain a quote or a backslash: it is pasted inside a SQL string`);
  }
}
