/**
 * The seam a runbook talks to: a system under test, started (or reached), through its public
 * surfaces only. A system described by a system file is opened by external-system.ts; conformance
 * mode runs on it. (G0, G1 and chaos still run on the embedded pipeline of the reference services;
 * moving them onto this seam is the open part of issue 13.)
 */
import type { AwsClients } from '../../services/aws/clients';

export interface SystemResources {
  readonly tableName: string;
  readonly mainQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly maxReceiveCount: number;
}

/** What the system offers; each one missing turns the checks that need it into unknown. */
export interface SystemSurfaces {
  readonly statusLogs: boolean;
  readonly adminRoutes: boolean;
  readonly me: boolean;
  readonly analytics: boolean;
  /** The worker can be killed (SIGKILL semantics): the crash scenarios need it. */
  readonly workerKill: boolean;
  /** Ingest can be killed and started again: the kill nemesis needs it. */
  readonly ingestKill: boolean;
}

/** Where the system's answers differ from the spec's shapes (declared, never coded). */
export interface AnswerShape {
  readonly requestIdPath: string;
  readonly extra202Fields: readonly string[];
  readonly timestampsPath: string;
}

export interface WorkerControl {
  /** Starts one more worker and resolves once it serves. */
  start(): Promise<void>;
  /** Stops every worker gracefully. */
  stop(): Promise<void>;
  /** Kills every worker at once; absent when the system cannot be told to. */
  readonly kill?: () => Promise<void>;
  /** Workers the harness has started and not stopped. */
  readonly running: number;
}

export interface SystemUnderTest extends AsyncDisposable {
  readonly name: string;
  /** 'reference' for the bundled services, 'external' for a described system. */
  readonly kind: 'reference' | 'external';
  readonly ingestUrl: string;
  /** The harness's own clients on the system's AWS resources (reads, fixtures, poison). */
  readonly clients: AwsClients;
  readonly resources: SystemResources;
  readonly surfaces: SystemSurfaces;
  readonly answers: AnswerShape;
  readonly clockSkewMs: number;
  readonly worker: WorkerControl;
  /** A bearer token whose subject is `userId`, however the system issues them. */
  tokenFor(userId: string): Promise<string>;
  /** Writes the capacity item of an event (the spec's shape) so the run has seats to hand out. */
  seedEvent(eventId: string, capacity: number): Promise<void>;
  stop(): Promise<void>;
}

export const SPEC_ANSWERS: AnswerShape = {
  requestIdPath: 'requestId',
  extra202Fields: [],
  timestampsPath: '',
};
