/**
 * Is an error from the outside world (an AWS SDK call, a socket) worth retrying? Classified by
 * `name`, `$retryable` and HTTP status, never by instanceof, because errors cross process
 * boundaries; so it needs no SDK import and lives in the contract. The worker's classifyFailure
 * and the ingest's error answers (503 + Retry-After) both ask this one function.
 */
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
export function isTransientError(err: unknown): boolean {
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
  return aws.cause instanceof Error ? isTransientError(aws.cause) : false;
}
