/**
 * The one place that decides whether a failure is worth retrying. AWS errors are classified by
 * `name`, `$retryable` and HTTP status (they may cross process boundaries, so no instanceof).
 *
 *   RETRYABLE      throttling, 5xx, timeouts, connection resets, transaction conflicts
 *   NON_RETRYABLE  bad message, unknown request, validation, anything a retry cannot fix
 */
import { ZodError } from 'zod';
import type { Failure } from '../aws/request-store';
import { DomainError, FailureClass, truncateErrorMessage } from '../common';

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

/** Cancellation codes of a TransactWriteItems that a later attempt may get past. */
const RETRYABLE_CANCELLATIONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

export function classifyFailure(err: unknown): Failure {
  const failureClass = isRetryable(err) ? FailureClass.RETRYABLE : FailureClass.NON_RETRYABLE;
  return { failureClass, errorCode: errorCodeOf(err), errorMessage: truncateErrorMessage(messageOf(err)) };
}

function isRetryable(err: unknown): boolean {
  if (err instanceof DomainError) return err instanceof RetryLaterError;
  if (err instanceof ZodError || err instanceof SyntaxError) return false;
  if (!(err instanceof Error)) return false;
  const aws = err as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: string;
    CancellationReasons?: { Code?: string }[];
  };
  if (aws.$retryable) return true;
  if (RETRYABLE_NAMES.has(aws.name) || (aws.code !== undefined && RETRYABLE_NAMES.has(aws.code))) return true;
  if (aws.name === 'TransactionCanceledException') {
    // A condition that failed is an answer, not a fault; only conflicts and throttles are retried.
    return (aws.CancellationReasons ?? []).some((reason) => RETRYABLE_CANCELLATIONS.has(reason.Code ?? ''));
  }
  const status = aws.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  // No answer at all (socket errors without a known code) is treated as transient.
  return aws.cause instanceof Error ? isRetryable(aws.cause) : false;
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
