/**
 * What a run collects, in the shape the checkers read. Everything here is gathered through
 * public surfaces only (HTTP answers, the table, the queues), so another implementation of the
 * pipeline can be verified with the same checkers.
 *
 * Like a Jepsen history, every client operation is recorded with its outcome:
 *   ok   - the server answered 202 with a requestId
 *   fail - the server answered with a definite error (4xx/5xx other than a timeout)
 *   info - outcome unknown (timeout, connection reset): the request may or may not exist
 */
import type { CapacityItem, LockItem, RequestItem, StatusLogItem } from '../services/common';

export type OperationOutcome = 'ok' | 'fail' | 'info';

export interface ParticipateOperation {
  readonly f: 'participate';
  /** Who sent it: a k6 VU, a sample client, a chaos client... */
  readonly process: string;
  readonly eventId: string;
  readonly userId: string;
  readonly type: OperationOutcome;
  /** HTTP status, absent when no answer arrived. */
  readonly httpStatus?: number;
  readonly requestId?: string;
  /** The answer body carried a status field (the contract forbids it). */
  readonly bodyHasStatus?: boolean;
  /**
   * Epoch ms when the request was sent. Fairness (I16) needs it: a pair is comparable only when
   * one answer reached its client before the other request left. Optional: older histories and
   * other load drivers may not record it, and fairness is then unknown.
   */
  readonly sentAt?: number;
  /** Epoch ms when the answer (or the failure) was seen. */
  readonly time: number;
  readonly latencyMs?: number;
  /**
   * Why no participation answer explains the outcome: a transport error kind (timeout, reset,
   * refused, aborted, other) or `login` when the login before it failed.
   */
  readonly errorKind?: string;
}

/** One reading of a request item taken during the run (not only at the end). */
export interface ItemObservation {
  readonly time: number;
  readonly requestId: string;
  readonly status: string;
  readonly queuedAt?: number;
  readonly GSI2SK?: string;
}

export interface QueueSample {
  readonly time: number;
  readonly phase: string;
  readonly visible: number;
  readonly notVisible: number;
  readonly dlqVisible: number;
  readonly capacityRemaining: number | null;
  readonly workerRunning: boolean;
}

export interface PhaseMark {
  readonly name: string;
  readonly startedAt: number;
  readonly endedAt?: number;
}

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** ApproximateReceiveCount as the DLQ reports it (receives on the main queue plus the DLQ read). */
  readonly receiveCount: number;
  readonly requestId?: string;
}

export interface LockRecord extends LockItem {
  readonly eventId: string;
  readonly userId: string;
}

/** The final reads of a run. */
export interface FinalState {
  readonly requests: readonly RequestItem[];
  readonly locks: readonly LockRecord[];
  readonly capacities: readonly CapacityItem[];
  readonly statusLogs: readonly StatusLogItem[];
  readonly deadLetters: readonly DeadLetter[];
  readonly mainQueueDepth: { readonly visible: number; readonly notVisible: number };
  /**
   * Request items (PK REQ#<id>, SK META) that fail the request schema, as read. Only those: an
   * outbox, lock or log item is filed by its own key. I5 reports each one as a violation.
   */
  readonly invalidRequests?: readonly Readonly<Record<string, unknown>>[];
}

export interface RunParameters {
  readonly eventId: string;
  /** capacityTotal of the event at the start of the run. */
  readonly capacity: number;
  readonly maxReceiveCount: number;
  /**
   * How far the clocks of the client and the services may disagree, in ms (I11 compares a
   * service's queuedAt with the client's answer time). 0 on one host; more for remote targets.
   */
  readonly clockSkewMs?: number;
  /** false: the system has no status-log items, and checkers judge it without them. */
  readonly statusLogs?: boolean;
}

/** What the analytics pipeline delivered to the bucket (G1). */
export interface AnalyticsDelivery {
  /** Every JSON object found, one per line, with the key of the object it came from. */
  readonly records: readonly { readonly key: string; readonly detail: Record<string, unknown> }[];
  readonly objectKeys: readonly string[];
  /** Lines that were not one JSON object (a Firehose without newlines produces these). */
  readonly malformedLines: readonly { readonly key: string; readonly line: string }[];
  readonly errorObjectKeys: readonly string[];
}

export interface History {
  readonly parameters: RunParameters;
  readonly operations: readonly ParticipateOperation[];
  readonly observations: readonly ItemObservation[];
  readonly samples: readonly QueueSample[];
  readonly phases: readonly PhaseMark[];
  /** requestIds of messages the scenario itself made poison (bad body) on purpose. */
  readonly poisonRequestIds?: readonly string[];
  readonly final: FinalState;
  /** Present for runs with analytics (G1): what reached the bucket after the final flush. */
  readonly analytics?: AnalyticsDelivery;
  /** Failures the run's fault may legitimately cause (I12); any other FAILED_FINAL is a violation. */
  readonly legitimateFailures?: readonly LegitimateFailure[];
  /** The identity probes the run sent (I13), with what each answered. */
  readonly accessProbes?: readonly AccessProbe[];
}

/** A class of FAILED_FINAL that a scenario's fault may cause: by requestId or by resultCode. */
export interface LegitimateFailure {
  readonly reason: string;
  readonly requestIds?: readonly string[];
  readonly resultCodes?: readonly string[];
}

/**
 * One identity probe (spec invariant 13): a request sent with one user's token that tries to act
 * as, or read, someone else. `expect` says what the contract answers.
 *   claim-in-body / -query / -header   participate, naming `claimedUserId` somewhere other than
 *                                      the token: the request must be recorded for `subject`
 *   foreign-read                       GET another user's request: 404
 *   user-on-admin                      an admin route with a user token: 401 or 403
 *   own-listing                        GET /me/participations: only the subject's requests
 */
export type AccessProbe =
  | {
      readonly kind: 'claim-in-body' | 'claim-in-query' | 'claim-in-header';
      readonly subject: string;
      readonly claimedUserId: string;
      readonly eventId: string;
      readonly httpStatus: number | undefined;
      readonly requestId?: string;
      readonly time: number;
    }
  | {
      readonly kind: 'foreign-read' | 'user-on-admin';
      readonly subject: string;
      readonly path: string;
      readonly httpStatus: number | undefined;
      readonly time: number;
    }
  | {
      readonly kind: 'own-listing';
      readonly subject: string;
      /** A userId the client put in the query string, which the listing must ignore. */
      readonly askedUserId?: string;
      readonly httpStatus: number | undefined;
      readonly requestIds: readonly string[];
      readonly time: number;
    };
