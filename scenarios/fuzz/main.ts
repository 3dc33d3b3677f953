/**
 * The benchmark-sized HTTP fuzz: its own embedded stack, an in-process ingest wired like the
 * integration tests wire it, then 10,000 seeded invalid requests (FUZZ_RUNS to change). Phases:
 *
 *   setup -> prepare (one real request, tokens, snapshot) -> fuzz -> final reads (snapshot,
 *   health, one real participation)
 *
 * Exit code 0 when every answer was a 4xx with a JSON { code, message }, nothing changed and the
 * service is still healthy; 1 when one of those fails; 2 when the run itself could not complete.
 * The report (report.md, report.html, junit.xml), the counts, the differences and the ingest's
 * log are written to reports/runs/fuzz-<time>/, and reports/latest points there.
 */
import { randomBytes } from 'node:crypto';
import path, { join } from 'node:path';
import { pino } from 'pino';
import { reportLangFrom } from '../../reports/report-document';
import { buildRunId, createRunFolder, writeReportFolder } from '../../reports/write-run';
import { createAwsClients } from '../../services/aws/clients';
import { IngestConfigSchema } from '../../services/ingest/config';
import { startIngest } from '../../services/ingest/server';
import { startEmbeddedStack } from '../../stack/embedded/embedded-stack';
import { provision } from '../../stack/provision';
import { defineResources } from '../../stack/resources';
import { createProgress } from '../runner/progress';
import { mintFuzzTokens } from './fuzz-tokens';
import { formatFuzzCounts, runHttpFuzz } from './http-fuzz';
import { parseFuzzOptions, reproduceFuzzCommand } from './options';
import { buildFuzzReport } from './report';
import { diffSnapshots, takeStateSnapshot } from './state-snapshot';

const root = join(import.meta.dirname, '../..');
const EVENT = 'EVT-FUZZ';

async function main(): Promise<number> {
  const options = parseFuzzOptions(process.argv.slice(2), process.env);
  const startedAt = Date.now();
  const runDir = await createRunFolder(join(root, 'reports/runs'), buildRunId('fuzz', new Date()));
  const progress = createProgress();
  progress.say(`HTTP fuzz (${options.PROFILE}), seed ${options.SEED}: ${reproduceFuzzCommand(options)}`);
  progress.say(`run folder ${runDir}`);

  progress.phase('setup', 'embedded stack, resources, in-process ingest');
  const stack = await startEmbeddedStack({
    root,
    logDir: runDir,
    nodeBinary: process.execPath,
    onProgress: (message) => progress.say(message),
  });
  const interrupt = async () => {
    progress.say('interrupted: stopping the stack');
    await stack.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const clients = createAwsClients(stack.target);
  try {
    const resources = await provision(
      clients,
      defineResources({ namePrefix: 'fuzz-', fixtures: [{ eventId: EVENT, capacity: 10 }] }),
    );
    const secrets = {
      TOKEN_SECRET: randomBytes(24).toString('hex'),
      ADMIN_SECRET: randomBytes(12).toString('hex'),
    };
    const config = IngestConfigSchema.parse({
      PORT: '0',
      TABLE_NAME: resources.tableName,
      QUEUE_URL: resources.mainQueueUrl,
      SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: options.LOG_LEVEL,
      ...secrets,
    });
    const logger = pino({ level: config.LOG_LEVEL }, pino.destination(join(runDir, 'ingest.log')));
    const ingest = await startIngest(config, clients, logger);
    try {
      progress.phase('prepare', 'one real request, the tokens, the snapshot before');
      const alice = await login(ingest.url, 'fuzz-alice');
      const seeded = await participate(ingest.url, alice);
      if (seeded !== 202) throw new Error(`the preparing participation got ${seeded}, not 202`);
      const tokens = await mintFuzzTokens({
        secret: secrets.TOKEN_SECRET,
        validUser: await login(ingest.url, 'fuzz-user'),
        userId: 'fuzz-user',
      });
      const before = await takeStateSnapshot(clients, resources);

      progress.phase('fuzz', `${options.RUNS} invalid requests, ${options.CONCURRENCY} at a time`);
      const counts = await runHttpFuzz({
        baseUrl: ingest.url,
        tokens,
        runs: options.RUNS,
        seed: options.SEED,
        concurrency: options.CONCURRENCY,
        realEventId: EVENT,
        onProgress: (done, total) => progress.say(`${done}/${total} requests`),
      });

      progress.phase('final reads', 'table and queues, health, one real participation');
      const changes = diffSnapshots(before, await takeStateSnapshot(clients, resources));
      const health = await fetch(`${ingest.url}/healthz`).then((response) => response.status);
      const afterwards = await participate(ingest.url, await login(ingest.url, 'fuzz-user'));
      progress.endPhase();

      const checks = {
        'every answer a 4xx with JSON { code, message }': counts.unexpected === 0,
        'table and queues unchanged': changes.length === 0,
        'GET /healthz 200 afterwards': health === 200,
        'a real participation 202 afterwards': afterwards === 202,
      };
      const report = [
        formatFuzzCounts(counts),
        ...(changes.length > 0 ? ['  state changes', ...changes.map((change) => `    ${change}`)] : []),
        '  checks',
        ...Object.entries(checks).map(([name, ok]) => `    ${ok ? 'ok  ' : 'FAIL'} ${name}`),
        `  replay: ${reproduceFuzzCommand(options)}`,
      ].join('\n');
      console.log(report);
      const document = buildFuzzReport({
        runId: path.basename(runDir),
        startedAt,
        finishedAt: Date.now(),
        command: reproduceFuzzCommand(options),
        seed: options.SEED,
        parameters: {
          profile: options.PROFILE,
          runs: options.RUNS,
          concurrency: options.CONCURRENCY,
          logLevel: options.LOG_LEVEL,
        },
        environment: { node: process.version, machine: `${process.platform} ${process.arch}` },
        counts,
        summaryText: report,
        changes,
        checks,
        lang: reportLangFrom(process.env),
      });
      await writeReportFolder(runDir, document, {
        results: { options, counts, changes, health, afterwards, checks },
        files: { 'summary.txt': `${report}\n` },
      });
      progress.say(`report: ${join(runDir, 'report.html')} (reports/latest)`);
      return Object.values(checks).every(Boolean) ? 0 : 1;
    } finally {
      await ingest.stop();
      logger.flush();
    }
  } finally {
    clients.destroy();
    await stack.stop();
  }
}

async function login(baseUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (response.status !== 200) throw new Error(`login of ${userId} got ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function participate(baseUrl: string, token: string): Promise<number> {
  const response = await fetch(`${baseUrl}/events/${EVENT}/participations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await response.body?.cancel();
  return response.status;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('fuzz: the run did not complete:', err);
    process.exit(2);
  },
);
