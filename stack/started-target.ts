/**
 * A started environment the harness runs against: where the AWS calls go (the AwsTarget the
 * services and the provisioning take), the endpoints of the services beyond the services' own
 * (Firehose, CloudFormation, ...), the processes it started, and what it does differently from
 * AWS. The embedded stack, LocalStack and a deployed AWS stack all end up as one of these.
 */
import type { AwsTarget } from '../services/aws/aws-target';
import type { StartedChild } from './embedded/child-process';
import type { TargetDeviation } from './target-deviations';

/** Endpoints of the services the harness (not the reference services) calls. */
export interface HarnessEndpoints {
  readonly firehose?: string;
  readonly cloudformation?: string;
  readonly iam?: string;
  readonly sts?: string;
  readonly athena?: string;
  readonly glue?: string;
}

export interface StartedTarget extends AsyncDisposable {
  /** 'embedded', 'localstack', 'aws'. */
  readonly name: string;
  /** Versions of what serves the calls, e.g. { localstack: '2026.3.0', ministack: '1.5.33' }. */
  readonly versions: Readonly<Record<string, string>>;
  readonly target: AwsTarget;
  readonly harnessEndpoints: HarnessEndpoints;
  /** Host processes this target started (empty for a container or a real account). */
  readonly children: readonly StartedChild[];
  /** Known differences from AWS: a run reports them as findings about the target. */
  readonly deviations: readonly TargetDeviation[];
  /** One line per path that was not taken and why ("LocalStack in Docker: skipped, ..."). */
  readonly notes: readonly string[];
  stop(): Promise<void>;
}
