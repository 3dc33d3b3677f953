/**
 * A system the harness did not write, reached from its system file: the ingest URL, tokens as
 * the file says, the harness's own AWS clients on the named resources, workers through the
 * declared commands (or a presenter, manually). The harness starts nothing else of the system:
 * a team's ingest is already running, or its `ingest.start` command brings it up.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createAwsClients } from '../../services/aws/clients';
import { putCapacityFixture } from '../../stack/provision';
import type { SystemFile } from './system-file';
import type { SystemUnderTest, WorkerControl } from './system-under-test';
import { createTokenSource } from './token-source';
import { commandWorkers, manualWorkers, runCommand } from './worker-control';

export interface ExternalSystemOptions {
  /** The harness's environment: `env:NAME` secrets, and what the commands run with. */
  readonly env: NodeJS.ProcessEnv;
  /** The folder of the system file: commands run there. */
  readonly folder: string;
  readonly onProgress?: (message: string) => void;
}

export async function openExternalSystem(
  system: SystemFile,
  options: ExternalSystemOptions,
): Promise<SystemUnderTest> {
  const say = options.onProgress ?? (() => {});
  const commandEnv = { ...options.env, PWD: options.folder };
  if (system.worker.kind === 'embedded') {
    throw new Error(
      `${system.name}: worker kind 'embedded' is for the reference services only; describe start/stop commands or 'manual'`,
    );
  }
  const worker: WorkerControl =
    system.worker.kind === 'commands'
      ? commandWorkers(system.worker, { ...commandEnv, HARNESS_FOLDER: options.folder })
      : manualWorkers();
  if (system.ingest.start) {
    say(`starting ingest: ${system.ingest.start}`);
    await runCommand('starting ingest', system.ingest.start, commandEnv);
  }
  await waitForIngest(system.ingest.baseUrl);
  say(`${system.name}: ingest answers at ${system.ingest.baseUrl}`);
  const clients = createAwsClients({
    region: system.aws.region,
    endpoints: system.aws.endpoints ?? {},
    ...(system.aws.credentials ? { credentials: system.aws.credentials } : {}),
  });
  const stop = async () => {
    if (worker.running > 0) await worker.stop().catch(() => {});
    if (system.ingest.start && system.ingest.stop) {
      await runCommand('stopping ingest', system.ingest.stop, commandEnv).catch((err: Error) =>
        say(err.message),
      );
    }
    clients.destroy();
  };
  return {
    name: system.name,
    kind: 'external',
    ingestUrl: system.ingest.baseUrl,
    clients,
    resources: {
      tableName: system.resources.table,
      mainQueueUrl: system.resources.mainQueueUrl,
      deadLetterQueueUrl: system.resources.deadLetterQueueUrl,
      maxReceiveCount: system.resources.maxReceiveCount,
    },
    surfaces: {
      ...system.surfaces,
      workerKill: worker.kill !== undefined,
      ingestKill: system.ingest.start !== undefined && system.ingest.kill !== undefined,
    },
    answers: {
      requestIdPath: system.answers.requestId,
      extra202Fields: system.answers.extra202Fields,
      timestampsPath: system.answers.timestamps,
    },
    clockSkewMs: system.clockSkewMs,
    worker,
    tokenFor: createTokenSource(system.tokens, system.ingest.baseUrl, options.env),
    async seedEvent(eventId, capacity) {
      await putCapacityFixture(clients, system.resources.table, { eventId, capacity }, Date.now(), {
        overwrite: true,
      });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Any HTTP answer counts: the system may have no /healthz; a refused connection does not. */
async function waitForIngest(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(baseUrl, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return;
    } catch (err) {
      last = (err as Error).message;
      await sleep(250);
    }
  }
  throw new Error(
    `ingest at ${baseUrl} did not answer within ${timeoutMs / 1000} s (${last}): is it running?`,
  );
}
