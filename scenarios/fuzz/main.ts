/**
 * The benchmark-sized HTTP fuzz on a system under test (the reference services on their own
 * embedded stack by default, `--system FILE` another), then 10,000 seeded invalid requests
 * (FUZZ_RUNS to change). Everything goes through the system's public surfaces. Phases:
 *
 *   setup -> prepare (one real request, tokens, snapshot) -> fuzz -> final reads (snapshot,
 *   health, one real participation)
 *
 * Exit code 0 when every answer was a 4xx with a JSON { code, message }, nothing changed and the
 * service is still healthy; 1 when one of those fails; 2 when the run itself could not complete.
 * The report (report.md, report.html, junit.xml), the counts, the differences and the ingest's
 * logs are written to reports/runs/fuzz-<time>/, and reports/latest points there.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { reportLangFrom } from '../../reports/report-document';
import { writeReportFolder } from '../../reports/write-run';
import { createProgress } from '../runner/progress';
import { newRunFolder } from '../runner/run-folder';
import { systemSource } from '../system/open-system';
import { participateThrough } from '../system/participate-client';
import type { SystemUnderTest } from '../system/system-under-test';
import { mintFuzzTokens } from './fuzz-tokens';
import { formatFuzzCounts, runHttpFuzz } from './http-fuzz';
import { parseFuzzOptions, reproduceFuzzCommand } from './options';
import { buildFuzzReport } from './report';
import { diffSnapshots, takeStateSnapshot } from './state-snapshot';

const root = join(import.meta.dirname, '../..');
const EVENT = 'EVT-FUZZ';

async function main(): Promise<number> {
  const options = parseFuzzOptions(process.argv.slice(2), process.env);
  const source = systemSource(options.SYSTEM, root);
  const startedAt = Date.now();
  const { runId, runDir } = await newRunFolder(root, 'fuzz', startedAt);
  const progress = createProgress();
  progress.say(`HTTP fuzz (${options.PROFILE}), seed ${options.SEED}: ${reproduceFuzzCommand(options)}`);
  progress.say(`run folder ${runDir}`);

  progress.phase('setup', source.file ? `the system of ${source.file}` : 'embedded stack, resources, ingest');
  const system = await source.open({
    runDir,
    reference: {
      resources: { namePrefix: 'fuzz-' },
      // No sweep: the state must not change while invalid requests arrive.
      ingestEnv: { SWEEP_INTERVAL_MS: '0', LOG_LEVEL: options.LOG_LEVEL },
    },
    onProgress: (message) => progress.say(message),
  });
  const interrupt = async () => {
    progress.say('interrupted: stopping the system');
    await system.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await system.seedEvent(EVENT, 10);
    progress.phase('prepare', 'one real request, the tokens, the snapshot before');
    const seeded = await participate(system, 'fuzz-alice');
    if (seeded !== 202) throw new Error(`the preparing participation got ${seeded}, not 202`);
    if (!system.tokenSecret)
      progress.say(
        'the token secret is not known: expired and wrong-claim tokens are signed with another key',
      );
    const tokens = await mintFuzzTokens({
      secret: system.tokenSecret ?? randomBytes(24).toString('hex'),
      validUser: await system.tokenFor('fuzz-user'),
      userId: 'fuzz-user',
    });
    const before = await takeStateSnapshot(system.clients, system.resources);

    progress.phase('fuzz', `${options.RUNS} invalid requests, ${options.CONCURRENCY} at a time`);
    const counts = await runHttpFuzz({
      baseUrl: system.ingestUrl,
      tokens,
      runs: options.RUNS,
      seed: options.SEED,
      concurrency: options.CONCURRENCY,
      realEventId: EVENT,
      onProgress: (done, total) => progress.say(`${done}/${total} requests`),
    });

    progress.phase('final reads', 'table and queues, health, one real participation');
    const changes = diffSnapshots(before, await takeStateSnapshot(system.clients, system.resources));
    const health = await fetch(`${system.ingestUrl}/healthz`).then((response) => response.status);
    const afterwards = await participate(system, 'fuzz-user');
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
      runId,
      startedAt,
      finishedAt: Date.now(),
      command: reproduceFuzzCommand(options),
      seed: options.SEED,
      parameters: {
        profile: options.PROFILE,
        runs: options.RUNS,
        concurrency: options.CONCURRENCY,
        logLevel: options.LOG_LEVEL,
        system: system.name,
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
    await system.stop();
  }
}

async function participate(system: SystemUnderTest, userId: string): Promise<number | undefined> {
  return (await participateThrough(system, userId, EVENT, 'fuzz')).httpStatus;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('fuzz: the run did not complete:', err);
    process.exit(2);
  },
);
