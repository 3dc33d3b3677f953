/**
 * The reference services on the embedded stack, as a system under test: the same seam a team's
 * own pipeline goes through, so every runbook proves the harness on the services it ships.
 */
import type { StartedPipeline } from '../../stack/pipeline';
import { putCapacityFixture } from '../../stack/provision';
import { loginAs } from '../runner/http-client';
import { SPEC_ANSWERS, type SystemUnderTest, type WorkerControl } from './system-under-test';

export interface ReferenceSystemOptions {
  /** Extra environment of every worker started (CONCURRENCY, MUTANT, ...). */
  readonly workerEnv?: Record<string, string>;
  /** Another worker main with the same wiring (a bug-zoo mutant). */
  readonly workerEntry?: string;
}

export function referenceSystem(
  pipeline: StartedPipeline,
  options: ReferenceSystemOptions = {},
): SystemUnderTest {
  const tokens = new Map<string, Promise<string>>();
  const worker: WorkerControl = {
    get running() {
      return pipeline.workers.length;
    },
    async start() {
      await pipeline.startWorker(options.workerEnv, options.workerEntry);
    },
    async stop() {
      await pipeline.stopWorkers();
    },
    async kill() {
      await pipeline.stopWorkers('SIGKILL');
    },
  };
  const stop = () => pipeline.stop();
  return {
    name: options.workerEntry ? `reference services (worker ${options.workerEntry})` : 'reference services',
    kind: 'reference',
    ingestUrl: pipeline.ingestUrl,
    clients: pipeline.clients,
    resources: pipeline.resources,
    surfaces: {
      statusLogs: true,
      adminRoutes: true,
      me: true,
      analytics: true,
      workerKill: true,
      ingestKill: true,
    },
    answers: SPEC_ANSWERS,
    clockSkewMs: 0,
    worker,
    tokenFor(userId) {
      let token = tokens.get(userId);
      if (!token) {
        token = loginAs(pipeline.ingestUrl, userId);
        token.catch(() => tokens.delete(userId));
        tokens.set(userId, token);
      }
      return token;
    },
    async seedEvent(eventId, capacity) {
      await putCapacityFixture(
        pipeline.clients,
        pipeline.resources.tableName,
        { eventId, capacity },
        Date.now(),
        {
          overwrite: true,
        },
      );
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
