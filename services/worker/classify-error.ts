/**
 * The one place that decides whether a failure is worth retrying. AWS errors are classified by
 * `name`, `$retryable` and HTTP status (they may cross process boundaries, so no instanceof).
 *
 *   RETRYABLE      throttling, 5xx, timeouts, connection resets, transaction conflicts
 *   NON_RETRYABLE  bad message, unknown request, validation, anything a retry cannot fix
 */
import { ZodError } from 'zod';
import { DomainError, type Failure, FailureClass, isTransientError, truncateErrorMessage } from '../common';

export function classifyFailure(err: unknown): Failure {
  const failureClass = isRetryable(err) ? FailureClass.RETRYABLE : FailureClass.NON_RETRYABLE;
  return { failureClass, errorCode: errorCodeOf(err), errorMessage: truncateErrorMessage(messageOf(err)) };
}

function isRetryable(err: unknown): boolean {
  if (err instanceof DomainError) return err instanceof RetryLaterError;
  if (err instanceof ZodError || err instanceof SyntaxError) return false;
  return isTransientError(err);
}

function errorCodeOf(err: unknown): string {
  if (err instanceof DomainError) return err.code;
  if (err instanceof ZodError) return 'MESSAGE_SCHEMA_INVALID';
  if (err instanceof SyntaxError) return 'MESSAGE_NOT_JSON';
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return code === undefined || code === null ? err.name : String(code);
  }
  return 'UNKNOWN';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A condition that will change by itself (a lease running out, a QUEUED write landing). */
export class RetryLaterError extends DomainError {
  readonly code: string;
  constructor(
    code: string,
    message: string,
    readonly afterSeconds: number,
  ) {
    super(message);
    this.code = code;
  }
}

/** The message cannot be processed whatever happens: it waits for the DLQ. */
export class PoisonMessageError extends DomainError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
