import {
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { EventNotFoundError, parseQueueMessage, QueueMessageSchema } from '../common';
import { classifyFailure, PoisonMessageError, RetryLaterError } from './classify-error';

const REQUEST_ID = '3f2b8c1e-6d4a-4e2b-9a7c-1b2c3d4e5f60';

/** An error as it looks after crossing a boundary: only its name (and extra fields) survive. */
function namedError(name: string, extra: Record<string, unknown> = {}, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name }, extra);
}

function awsMetadata(httpStatusCode: number) {
  return { httpStatusCode, requestId: 'aws-req-1', attempts: 1, totalRetryDelay: 0 };
}

function zodErrorFromAFailingParse(): ZodError {
  const result = QueueMessageSchema.safeParse({ schemaVersion: 1, requestId: 'not-a-uuid', queuedAt: 1 });
  if (result.success) throw new Error('the parse was expected to fail');
  return result.error;
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('classifyFailure: RETRYABLE', () => {
  it.each<{ name: string; err: () => unknown }>([
    {
      name: 'a ProvisionedThroughputExceededException from the SDK',
      err: () =>
        new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: awsMetadata(400) }),
    },
    {
      name: 'an error named ProvisionedThroughputExceededException',
      err: () => namedError('ProvisionedThroughputExceededException'),
    },
    {
      name: 'an error named ThrottlingException (status 400)',
      err: () => namedError('ThrottlingException', { $metadata: awsMetadata(400) }),
    },
    {
      name: 'a TransactionConflictException from the SDK',
      err: () => new TransactionConflictException({ message: 'conflict', $metadata: awsMetadata(400) }),
    },
    {
      name: 'an error named TransactionConflictException',
      err: () => namedError('TransactionConflictException'),
    },
    { name: 'an unknown error marked $retryable', err: () => namedError('SomethingOdd', { $retryable: {} }) },
    {
      name: 'an unknown error with HTTP 500',
      err: () => namedError('InternalThing', { $metadata: awsMetadata(500) }),
    },
    {
      name: 'an unknown error with HTTP 503',
      err: () => namedError('Unavailable', { $metadata: awsMetadata(503) }),
    },
    {
      name: 'an unknown error with HTTP 429',
      err: () => namedError('TooMany', { $metadata: awsMetadata(429) }),
    },
    {
      name: 'a TransactionCanceledException with a TransactionConflict reason',
      err: () =>
        new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
          $metadata: awsMetadata(400),
          CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
        }),
    },
    { name: 'a TimeoutError', err: () => namedError('TimeoutError') },
    {
      name: 'a DOMException TimeoutError from AbortSignal.timeout',
      err: () => new DOMException('timed out', 'TimeoutError'),
    },
    {
      name: 'a socket reset (code ECONNRESET)',
      err: () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    },
    {
      name: 'a RetryLaterError',
      err: () => new RetryLaterError('LEASE_HELD', 'an earlier attempt holds the lease', 5),
    },
  ])('retries $name', ({ err }) => {
    // Act
    const failure = classifyFailure(err());

    // Assess
    expect(failure.failureClass).toBe('RETRYABLE');
  });
});

describe('classifyFailure: NON_RETRYABLE', () => {
  it.each<{ name: string; err: () => unknown }>([
    { name: 'a ZodError from a failing parse', err: zodErrorFromAFailingParse },
    { name: 'a SyntaxError from JSON.parse', err: () => caught(() => JSON.parse('{not json')) },
    {
      name: 'a PoisonMessageError',
      err: () => new PoisonMessageError('UNKNOWN_REQUEST', 'request does not exist'),
    },
    { name: 'another domain error', err: () => new EventNotFoundError('evt-1') },
    {
      name: 'a TransactionCanceledException with only ConditionalCheckFailed',
      err: () =>
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: awsMetadata(400),
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        }),
    },
    {
      name: 'a TransactionCanceledException without reasons',
      err: () => namedError('TransactionCanceledException', { $metadata: awsMetadata(400) }),
    },
    {
      name: 'a ValidationException with HTTP 400',
      err: () =>
        new DynamoDBServiceException({
          name: 'ValidationException',
          $fault: 'client',
          message: 'One or more parameter values were invalid',
          $metadata: awsMetadata(400),
        }),
    },
    { name: 'a plain string thrown', err: () => 'something broke' },
    { name: 'a plain object thrown', err: () => ({ name: 'ThrottlingException' }) },
    { name: 'an Error without any hint', err: () => new Error('no idea') },
  ])('does not retry $name', ({ err }) => {
    // Act
    const failure = classifyFailure(err());

    // Assess
    expect(failure.failureClass).toBe('NON_RETRYABLE');
  });
});

describe('classifyFailure: errorCode', () => {
  it('names a schema violation MESSAGE_SCHEMA_INVALID', () => {
    // Prepare
    const err = caught(() => parseQueueMessage(JSON.stringify({ schemaVersion: 2, requestId: REQUEST_ID })));

    // Act
    const failure = classifyFailure(err);

    // Assess
    expect(err).toBeInstanceOf(ZodError);
    expect(failure).toMatchObject({ failureClass: 'NON_RETRYABLE', errorCode: 'MESSAGE_SCHEMA_INVALID' });
  });

  it('names a body that is no JSON MESSAGE_NOT_JSON', () => {
    const err = caught(() => parseQueueMessage('{not json'));

    const failure = classifyFailure(err);

    expect(failure).toMatchObject({ failureClass: 'NON_RETRYABLE', errorCode: 'MESSAGE_NOT_JSON' });
  });

  it.each([
    {
      name: 'PoisonMessageError',
      err: new PoisonMessageError('MESSAGE_MISMATCH', 'mismatch'),
      code: 'MESSAGE_MISMATCH',
    },
    {
      name: 'RetryLaterError',
      err: new RetryLaterError('NOT_YET_QUEUED', 'wait', 1),
      code: 'NOT_YET_QUEUED',
    },
    { name: 'EventNotFoundError', err: new EventNotFoundError('evt-1'), code: 'EVENT_NOT_FOUND' },
  ])('uses the code of a $name', ({ err, code }) => {
    expect(classifyFailure(err).errorCode).toBe(code);
  });

  it('uses the name of an AWS error', () => {
    // Prepare
    const err = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: awsMetadata(400),
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    });

    // Act
    const failure = classifyFailure(err);

    // Assess
    expect(failure.errorCode).toBe('TransactionCanceledException');
  });

  it('uses the system code of a socket error', () => {
    const err = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

    expect(classifyFailure(err)).toMatchObject({ failureClass: 'RETRYABLE', errorCode: 'ECONNRESET' });
  });

  it('answers UNKNOWN with the text for something thrown that is no Error', () => {
    expect(classifyFailure('something broke')).toEqual({
      failureClass: 'NON_RETRYABLE',
      errorCode: 'UNKNOWN',
      errorMessage: 'something broke',
    });
  });
});

describe('classifyFailure: errorMessage', () => {
  it('keeps a short message as it is', () => {
    const failure = classifyFailure(namedError('ThrottlingException', {}, 'Rate exceeded'));

    expect(failure.errorMessage).toBe('Rate exceeded');
  });

  it('truncates a message longer than 256 characters to 256', () => {
    // Prepare
    const long = `throttled: ${'x'.repeat(1000)}`;

    // Act
    const failure = classifyFailure(namedError('ThrottlingException', {}, long));

    // Assess
    expect(failure.errorMessage).toHaveLength(256);
    expect(long.startsWith(failure.errorMessage.slice(0, -1))).toBe(true);
  });

  it('truncates a long thrown string as well', () => {
    const failure = classifyFailure('y'.repeat(300));

    expect(failure.errorMessage.length).toBeLessThanOrEqual(256);
  });
});
