/**
 * Domain errors with stable codes. Callers branch on `code` (not instanceof) because errors
 * cross process and HTTP boundaries; the HTTP layer maps codes to statuses.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  override readonly name: string = this.constructor.name;
}

export class InvalidInputError extends DomainError {
  readonly code = 'INVALID_INPUT';
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
  }
}

export class AuthenticationRequiredError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenRoleError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class EventNotFoundError extends DomainError {
  readonly code = 'EVENT_NOT_FOUND';
  constructor(readonly eventId: string) {
    super(`event ${eventId} does not exist`);
  }
}

export class RequestNotFoundError extends DomainError {
  readonly code = 'REQUEST_NOT_FOUND';
  constructor(readonly requestId: string) {
    super(`request ${requestId} does not exist`);
  }
}

/** The queue could not take the message; the request stays RECEIVED and the sweep heals it. */
export class QueueUnavailableError extends DomainError {
  readonly code = 'QUEUE_UNAVAILABLE';
  constructor(
    readonly requestId: string,
    override readonly cause: unknown,
  ) {
    super(`the queue could not be reached; request ${requestId} is kept and will be enqueued later`);
  }
}

/** A conditional write found the request in another state than the transition needs. */
export class TransitionConflictError extends DomainError {
  readonly code = 'TRANSITION_CONFLICT';
  constructor(
    readonly requestId: string,
    readonly expected: string,
  ) {
    super(`request ${requestId} is not ${expected}`);
  }
}
