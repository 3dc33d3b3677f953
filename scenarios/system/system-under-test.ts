/**
 * The seam every runbook talks to: a system under test, started (or reached), through its public
 * surfaces only. The reference services are one way to build one (reference-system.ts, the
 * default of every runner); a team's own services described by a system file are another
 * (external-system.ts). Runners take a system, never a pipeline; what a system cannot offer is
 * absent here, and the check that needs it answers unknown with the reason.
 */
import type { AwsTarget } from '../../services/aws/aws-target';
import type { AwsClients } from '../../services/aws/clients';
import type { TargetDeviation } from '../../stack/target-deviations';

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

/** A CloudWatch metric the worker counts its EventBridge misses in (the swallow policy). */
export interface PublishFailureMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: readonly { readonly Name: string; readonly Value: string }[];
}

export interface WorkerControl {
  /** Starts one more worker and resolves once it serves. */
  start(): Promise<void>;
  /** Stops every worker gracefully. */
  stop(): Promise<void>;
  /** Kills every worker at once; absent when the system cannot be told to. */
  readonly kill?: () => Promise<void>;
  /** Kills one running worker (the kill nemesis picks among them); false when none runs. */
  readonly killOne?: (index: number) => Promise<boolean>;
  /**
   * Starts one worker whose EventBridge endpoint is unreachable (G1's swallow sub-run); resolves
   * with the metric its misses are counted in, when the system says where. Absent: not declared.
   */
  readonly startWithEventBridgeUnreachable?: () => Promise<PublishFailureMetric | undefined>;
  /**
   * Starts one worker that SIGKILLs itself the `afterPasses`-th time it passes a checkpoint
   * (the crash scenarios); only a worker with the reference's checkpoint seam can.
   */
  readonly startCrashing?: (crashAt: string, afterPasses: number) => Promise<CrashingWorker>;
  /** Workers the harness has started and not stopped. */
  readonly running: number;
}

export interface CrashingWorker {
  /** Settles with the signal the worker died of. */
  readonly exited: Promise<NodeJS.Signals | null>;
  /** Whether the worker said it reached the crash point (read once it died). */
  reachedCrashPoint(): Promise<boolean>;
}

/** Ingest as processes the harness may kill and start again (the kill nemesis). */
export interface IngestControl {
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** Where the system's analytics events land, and how to make sure they have. */
export interface AnalyticsPath {
  readonly bucket: string;
  readonly prefix: string;
  readonly errorPrefix: string;
  readonly bufferingSeconds: number;
  readonly bufferingMegabytes: number;
  readonly publicAccessBlocked: boolean;
  /** Where records go, in one line for the progress output. */
  readonly route: string;
  /** What delivers them, for the report (an imitation of Firehose, or the system's own). */
  readonly delivery: string;
  /** Writes (or waits for) everything delivered so far; the report of what it did. */
  flush(): Promise<unknown>;
  stop(): Promise<void>;
}

export interface SystemUnderTest extends AsyncDisposable {
  readonly name: string;
  readonly ingestUrl: string;
  /** The harness's own clients on the system's AWS resources (reads, fixtures, poison). */
  readonly clients: AwsClients;
  readonly resources: SystemResources;
  readonly surfaces: SystemSurfaces;
  readonly answers: AnswerShape;
  readonly clockSkewMs: number;
  readonly worker: WorkerControl;
  /** Absent when the harness cannot kill and restart the system's ingest. */
  readonly ingest?: IngestControl;
  /** How the target differs from AWS, when the harness knows (LocalStack). */
  readonly target?: { readonly name: string; readonly deviations: readonly TargetDeviation[] };
  /**
   * The HS256 secret the system verifies tokens with, when the harness knows it: the fuzz signs
   * expired and wrong-claim tokens with the right key. Absent: those are signed with another key.
   */
  readonly tokenSecret?: string;
  /** A bearer token whose subject is `userId`, however the system issues them. */
  tokenFor(userId: string): Promise<string>;
  /** Writes the capacity item of an event (the spec's shape) so the run has seats to hand out. */
  seedEvent(eventId: string, capacity: number): Promise<void>;
  /** The analytics path (G1); absent when the system declares none. */
  openAnalytics?(): Promise<AnalyticsPath>;
  stop(): Promise<void>;
}

/** The endpoints a system's services use instead of the target's own: fault proxies, for chaos. */
export type ServiceEndpoints = (
  target: AwsTarget,
) => Promise<{ ingest?: AwsTarget['endpoints']; worker?: AwsTarget['endpoints'] }>;

export const SPEC_ANSWERS: AnswerShape = {
  requestIdPath: 'requestId',
  extra202Fields: [],
  timestampsPath: '',
};
