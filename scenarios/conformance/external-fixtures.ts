/**
 * Systems the harness treats as foreign, for conformance's own proof: the reference services
 * (or a bug-zoo mutant of their worker) and the Python implementation of
 * test/fixtures/python-pipeline, each started only by shell commands from a system file it
 * writes (test/fixtures/external-processes/control.sh), never by the pipeline code. The
 * reference has an analytics path of its own: the EventBridge rule into the embedded delivery
 * stage, run by the same script as a process of the system (delivery.ts), which the file
 * declares (surfaces.analytics, resources.bucket) so that conformance runs G1 on it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsTarget } from '../../services/aws/aws-target';
import { createAwsClients } from '../../services/aws/clients';
import { findFreePort } from '../../stack/embedded/free-port';
import { provisionEmbeddedAnalytics } from '../../stack/embedded/provision-analytics';
import { provision } from '../../stack/provision';
import { defineResources } from '../../stack/resources';
import { serviceEnvironment } from '../../stack/service-environment';
import type { SystemFile } from '../system/system-file';

export type FixtureKind = 'reference' | 'mutant-skip-capacity-condition' | 'python';

const VISIBILITY_SECONDS = 4;
/** The delivery's buffering, as G1's CI profile sets it: the harness waits it out per read. */
const BUFFERING_SECONDS = 5;

/** Provisions the fixture's resources on `target` and writes its system file; returns its path. */
export async function writeFixtureSystem(
  kind: FixtureKind,
  target: AwsTarget,
  root: string,
  folder: string,
): Promise<{ path: string; system: SystemFile }> {
  mkdirSync(folder, { recursive: true });
  const clients = createAwsClients(target);
  const definition = defineResources({
    namePrefix: `conf-${kind}-${randomBytes(3).toString('hex')}-`,
    visibilityTimeoutSeconds: VISIBILITY_SECONDS,
    deliveryBufferingSeconds: BUFFERING_SECONDS,
  });
  const resources = await provision(clients, definition);
  const analytics =
    kind === 'reference' ? await provisionEmbeddedAnalytics(target, clients, definition) : undefined;
  analytics?.bufferSqs.destroy();
  clients.destroy();
  const stream = definition.analytics.deliveryStream;
  const port = await findFreePort();
  const tokenSecret = randomBytes(24).toString('hex');
  const node = `${process.execPath} --import tsx`;
  const commands = {
    reference: {
      ingest: `${node} services/ingest/main.ts`,
      worker: `${node} services/worker/main.ts`,
      ready: '"worker_started"',
    },
    'mutant-skip-capacity-condition': {
      ingest: `${node} services/ingest/main.ts`,
      worker: `${node} scenarios/mutants/worker-main.ts`,
      ready: '"worker_started"',
    },
    python: {
      ingest: `${join(root, '.venv/bin/python')} test/fixtures/python-pipeline/ingest.py`,
      worker: `${join(root, '.venv/bin/python')} test/fixtures/python-pipeline/worker.py`,
      ready: '',
    },
  }[kind];
  const env = {
    ...serviceEnvironment(target, resources, { tokenSecret, adminSecret: randomBytes(12).toString('hex') }),
    VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_SECONDS),
    LEASE_MS: String(VISIBILITY_SECONDS * 1000),
    WAIT_SECONDS: '1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...(kind === 'mutant-skip-capacity-condition' ? { MUTANT: 'skip-capacity-condition' } : {}),
    RUN_DIR: folder,
    INGEST_CMD: commands.ingest,
    WORKER_CMD: commands.worker,
    WORKER_READY: commands.ready,
    ...(analytics
      ? {
          DELIVERY_CMD: `${node} test/fixtures/external-processes/delivery.ts`,
          DELIVERY_BUFFER_ENDPOINT: target.endpoints.eventbridge ?? '',
          DELIVERY_S3_ENDPOINT: target.endpoints.s3 ?? '',
          DELIVERY_BUFFER_QUEUE_URL: analytics.bufferQueueUrl,
          DELIVERY_BUCKET: analytics.bucket,
          DELIVERY_PREFIX: stream.prefix,
          DELIVERY_ERROR_PREFIX: stream.errorPrefix,
          DELIVERY_STREAM: stream.name,
          DELIVERY_BUFFERING_SECONDS: String(stream.bufferingSeconds),
        }
      : {}),
  };
  const envFile = join(folder, 'system.env');
  // An endpoint variable the harness sets (a fault proxy in front of the emulator) wins over the
  // file's: that is how a team's own start scripts would take them (aws.endpointsFromEnvironment).
  writeFileSync(
    envFile,
    `${Object.entries(env)
      .map(([k, v]) =>
        k.startsWith('AWS_ENDPOINT_URL_') ? `${k}="\${${k}:-${v}}"` : `${k}=${JSON.stringify(v)}`,
      )
      .join('\n')}\n`,
  );
  const control = `cd ${JSON.stringify(root)} && ENV_FILE=${JSON.stringify(envFile)} bash test/fixtures/external-processes/control.sh`;
  const python = kind === 'python';
  const system: SystemFile = {
    name: {
      reference: 'reference services (as a foreign system)',
      'mutant-skip-capacity-condition': 'reference with the skip-capacity-condition worker',
      python: 'python-pipeline fixture',
    }[kind],
    ingest: {
      baseUrl: `http://127.0.0.1:${port}`,
      // The system's own delivery first (control.sh skips it without DELIVERY_CMD).
      start: `${control} start-delivery && ${control} start-ingest`,
      stop: `${control} stop-all`,
    },
    tokens: python
      ? { kind: 'login', path: '/api/session', body: { username: '{userId}' }, tokenField: 'token' }
      : { kind: 'login', path: '/auth/login', body: { userId: '{userId}' }, tokenField: 'accessToken' },
    aws: {
      region: target.region,
      endpoints: target.endpoints,
      // The Python fixture keeps the endpoints it was given: no proxy can be put in between.
      endpointsFromEnvironment: !python,
      ...(target.credentials ? { credentials: target.credentials } : {}),
    },
    resources: {
      table: resources.tableName,
      mainQueueUrl: resources.mainQueueUrl,
      deadLetterQueueUrl: resources.deadLetterQueueUrl,
      maxReceiveCount: resources.maxReceiveCount,
      visibilityTimeoutSeconds: VISIBILITY_SECONDS,
      ...(analytics ? { bucket: analytics.bucket } : {}),
      prefix: 'events/',
      errorPrefix: stream.errorPrefix,
      bufferingSeconds: stream.bufferingSeconds,
    },
    worker: {
      kind: 'commands',
      start: `${control} start-worker`,
      stop: `${control} stop-workers`,
      kill: `${control} kill-workers`,
    },
    surfaces: { statusLogs: !python, adminRoutes: !python, me: true, analytics: analytics !== undefined },
    answers: python
      ? { requestId: 'requestId', extra202Fields: ['accepted'], timestamps: 'timestamps' }
      : { requestId: 'requestId', extra202Fields: [], timestamps: '' },
    clockSkewMs: 0,
  };
  const path = join(folder, 'system.json');
  writeFileSync(path, `${JSON.stringify(system, null, 2)}\n`);
  return { path, system };
}
