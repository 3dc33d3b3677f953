/**
 * What the ingest core needs from the outside world. The DynamoDB and SQS adapters in
 * services/aws implement these; tests of the core inject the real adapters on the emulators.
 */
import type { CreateOutcome, Failure, NewRequest, TransitionOutcome } from '../aws/request-store';
import type { CapacityItem, QueueMessage, RequestItem, StatusLogItem } from '../common';

export interface IngestStore {
  getRequest(requestId: string): Promise<RequestItem | undefined>;
  getCapacity(eventId: string): Promise<CapacityItem | undefined>;
  getLockedRequestId(eventId: string, userId: string): Promise<string | undefined>;
  getStatusLog(requestId: string): Promise<StatusLogItem[]>;
  listByUser(userId: string, limit: number): Promise<RequestItem[]>;
  listByEvent(
    eventId: string,
    limit: number,
    cursor?: Record<string, unknown>,
  ): Promise<{ items: RequestItem[]; nextCursor?: Record<string, unknown> }>;
  listAllByEvent(eventId: string): Promise<RequestItem[]>;
  findStuckReceived(requestedBefore: number): Promise<RequestItem[]>;
  createReceived(request: NewRequest): Promise<CreateOutcome>;
  markQueued(request: RequestItem, queuedAt: number): Promise<TransitionOutcome>;
  failStuckReceived(request: RequestItem, now: number, failure: Failure): Promise<TransitionOutcome>;
}

export interface MessageSender {
  send(message: QueueMessage): Promise<void>;
}
