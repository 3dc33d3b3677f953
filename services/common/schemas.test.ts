import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { EventIdSchema, isValidIdentifier, RequestIdSchema, UserIdSchema } from './identifiers';
import {
  ERROR_MESSAGE_MAX,
  ParticipationProcessedSchema,
  parseQueueMessage,
  QueueMessageSchema,
  truncateErrorMessage,
} from './schemas';

const REQUEST_ID = '3f2b8c1e-6d4a-4e2b-9a7c-1b2c3d4e5f60';

/** The queue message of spec section 3, exactly as ingest sends it. */
function buildQueueMessage(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    requestId: REQUEST_ID,
    eventId: 'evt-g0',
    userId: 'user-0001',
    eventType: 'FIRST_COME',
    requestedAt: 1_736_154_000_000,
    ...overrides,
  };
}

/** A ParticipationProcessed detail of spec section 5 for a success. */
function buildProcessedDetail(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    env: 'local',
    eventId: 'evt-g0',
    requestId: REQUEST_ID,
    eventType: 'FIRST_COME',
    finalStatus: 'SUCCEEDED',
    resultCode: 'SUCCESS',
    timestamps: { queuedAt: 1_736_154_000_010, startedAt: 1_736_154_000_500, finishedAt: 1_736_154_000_520 },
    delivery: { attempt: 1, isDlq: false },
    failure: { failureClass: null, errorCode: null, errorMessage: null },
    meta: { workerId: 'worker-1' },
    ...overrides,
  };
}

describe('QueueMessageSchema', () => {
  it('accepts the contract message and gives it back unchanged', () => {
    // Prepare
    const message = buildQueueMessage();

    // Act
    const parsed = QueueMessageSchema.parse(message);

    // Assess
    expect(parsed).toEqual(message);
  });

  it.each<{ name: string; message: Record<string, unknown> }>([
    {
      name: 'an extra queuedAt (the worker inherits it from the item)',
      message: buildQueueMessage({ queuedAt: 1 }),
    },
    { name: 'an unknown extra field', message: buildQueueMessage({ status: 'QUEUED' }) },
    { name: 'schemaVersion 2', message: buildQueueMessage({ schemaVersion: 2 }) },
    { name: 'schemaVersion "1" as a string', message: buildQueueMessage({ schemaVersion: '1' }) },
    { name: 'a requestId that is no uuid', message: buildQueueMessage({ requestId: 'req-1' }) },
    { name: "an eventId with '#'", message: buildQueueMessage({ eventId: 'evt#1' }) },
    { name: "a userId with '#'", message: buildQueueMessage({ userId: 'user#1' }) },
    { name: 'an unknown eventType', message: buildQueueMessage({ eventType: 'RAFFLE' }) },
    { name: 'a negative requestedAt', message: buildQueueMessage({ requestedAt: -1 }) },
    { name: 'a fractional requestedAt', message: buildQueueMessage({ requestedAt: 1.5 }) },
    { name: 'no requestedAt', message: buildQueueMessage({ requestedAt: undefined }) },
  ])('refuses $name', ({ message }) => {
    // Act
    const result = QueueMessageSchema.safeParse(message);

    // Assess
    expect(result.success).toBe(false);
  });
});

describe('parseQueueMessage', () => {
  it('parses the JSON body of a contract message', () => {
    const body = JSON.stringify(buildQueueMessage());

    expect(parseQueueMessage(body)).toEqual(buildQueueMessage());
  });

  it.each(['{not json', '', '{"schemaVersion":1,'])('throws a SyntaxError for the body %j', (body) => {
    expect(() => parseQueueMessage(body)).toThrow(SyntaxError);
  });

  it('throws a ZodError, not a SyntaxError, for JSON that breaks the schema', () => {
    // Prepare
    const body = JSON.stringify(buildQueueMessage({ queuedAt: 1 }));

    // Act
    const attempt = () => parseQueueMessage(body);

    // Assess
    expect(attempt).toThrow(ZodError);
    expect(attempt).not.toThrow(SyntaxError);
  });
});

describe('ParticipationProcessedSchema', () => {
  it('accepts a full example of the analytics event', () => {
    // Prepare
    const detail = buildProcessedDetail();

    // Act
    const parsed = ParticipationProcessedSchema.parse(detail);

    // Assess
    expect(parsed).toEqual(detail);
  });

  it('accepts a dead-lettered failure that never started', () => {
    const detail = buildProcessedDetail({
      finalStatus: 'FAILED_FINAL',
      resultCode: 'FAILED_WORKER',
      timestamps: { queuedAt: 1_736_154_000_010, startedAt: null, finishedAt: 1_736_154_090_000 },
      delivery: { attempt: 0, isDlq: true },
      failure: { failureClass: 'NON_RETRYABLE', errorCode: 'UNKNOWN_REQUEST', errorMessage: 'gone' },
    });

    expect(ParticipationProcessedSchema.safeParse(detail).success).toBe(true);
  });

  it.each(['QUEUED', 'PROCESSING', 'RECEIVED'])(
    'refuses finalStatus %s, which is not final',
    (finalStatus) => {
      const result = ParticipationProcessedSchema.safeParse(buildProcessedDetail({ finalStatus }));

      expect(result.success).toBe(false);
    },
  );

  it('refuses an errorMessage longer than 256 characters', () => {
    const failure = { failureClass: 'RETRYABLE', errorCode: 'X', errorMessage: 'x'.repeat(257) };

    expect(ParticipationProcessedSchema.safeParse(buildProcessedDetail({ failure })).success).toBe(false);
  });

  it('refuses an event without finishedAt', () => {
    const timestamps = { queuedAt: 1, startedAt: 2 };

    expect(ParticipationProcessedSchema.safeParse(buildProcessedDetail({ timestamps })).success).toBe(false);
  });
});

describe('truncateErrorMessage', () => {
  it('keeps a message of at most 256 characters unchanged', () => {
    // Prepare
    const messages = ['', 'boom', 'x'.repeat(ERROR_MESSAGE_MAX)];

    // Act
    const kept = messages.map(truncateErrorMessage);

    // Assess
    expect(ERROR_MESSAGE_MAX).toBe(256);
    expect(kept).toEqual(messages);
  });

  it('cuts a 257-character message to 256 characters ending with an ellipsis', () => {
    // Prepare
    const message = `${'a'.repeat(256)}b`;

    // Act
    const cut = truncateErrorMessage(message);

    // Assess
    expect(cut).toHaveLength(256);
    expect(cut).toBe(`${'a'.repeat(255)}…`);
  });

  it('never returns more than 256 characters and keeps the start of the message (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'grapheme', minLength: 250, maxLength: 2000 }),
        ),
        (message) => {
          // Act
          const cut = truncateErrorMessage(message);

          // Assess
          expect(cut.length).toBeLessThanOrEqual(ERROR_MESSAGE_MAX);
          if (message.length <= ERROR_MESSAGE_MAX) expect(cut).toBe(message);
          else expect(message.startsWith(cut.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});

describe('identifiers (eventId, userId)', () => {
  it.each([
    { name: "a '#' separator", value: 'evt#1' },
    { name: 'the empty string', value: '' },
    { name: '65 characters', value: 'e'.repeat(65) },
    { name: 'hangul', value: '이벤트' },
    { name: 'an accented letter', value: 'café' },
    { name: 'an emoji', value: 'evt-🎉' },
    { name: 'a space', value: 'evt 1' },
    { name: 'a trailing newline', value: 'evt-1\n' },
    { name: 'a leading dash', value: '-evt' },
  ])('refuses $name', ({ value }) => {
    // Act
    const answers = [
      EventIdSchema.safeParse(value).success,
      UserIdSchema.safeParse(value).success,
      isValidIdentifier(value),
    ];

    // Assess
    expect(answers).toEqual([false, false, false]);
  });

  it.each([
    { name: 'one character', value: 'e' },
    { name: '64 characters', value: 'e'.repeat(64) },
    { name: 'every allowed punctuation', value: 'evt_2025.spring:seat-1' },
    { name: 'a uuid', value: REQUEST_ID },
  ])('accepts $name', ({ value }) => {
    const answers = [
      EventIdSchema.safeParse(value).success,
      UserIdSchema.safeParse(value).success,
      isValidIdentifier(value),
    ];

    expect(answers).toEqual([true, true, true]);
  });

  it('requires requestIds to be uuids', () => {
    expect([
      RequestIdSchema.safeParse(REQUEST_ID).success,
      RequestIdSchema.safeParse('req-1').success,
    ]).toEqual([true, false]);
  });
});
