/**
 * `make conformance SYSTEM=path/to/system.json`: verifies a pipeline the harness did not write
 * (the G0 CI shape with a worker kill and the identity probe, the chaos scenarios that need only
 * proxies and worker control, G1 when an analytics path is declared) and writes one report with
 * a row per check: PASS, FAIL with its counterexample, or unknown
 * with the reason. Exit 0 all hold, 1 one violated, 2 one undecided or the run impossible.
 */
import { join } from 'node:path';
import { summarizeHistory } from '../../invariants/history-records';
import { combineValidity, exitCodeFor } from '../../invariants/verdict';
import { verdictWord } from '../../reports/report-text';
import { writeReportFolder } from '../../reports/write-run';
import { createProgress } from '../runner/progress';
import { newRunFolder } from '../runner/run-folder';
import { openRunHistory, runParameters } from '../runner/run-history';
import { endLine, runAsMain } from '../runner/run-main';
import { systemSource } from '../system/open-system';
import { readSystemFile } from '../system/system-file';
import { chaosRows, conformanceScenarios, declaresAnalytics, g1Rows } from './conformance-chaos';
import { buildConformanceReport } from './conformance-report';
import { parseConformanceOptions } from './options';
import { conformanceEventId, runConformance } from './run-conformance';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseConformanceOptions(process.argv.slice(2), process.env);
  const { system: file } = readSystemFile(options.SYSTEM);
  const scenarios = conformanceScenarios(options.CHAOS);
  const source = systemSource(options.SYSTEM, root);
  const startedAt = Date.now();
  const { runId, runDir } = await newRunFolder(root, 'conformance', startedAt);
  const runTag = runId.slice('conformance-'.length);
  const progress = createProgress(startedAt);
  progress.say(`conformance run ${runId} against ${file.name} (${options.SYSTEM})`);
  // The system is stopped before the chaos scenarios: each opens it again behind its proxies.
  const { outcome, surfaces, ingestUrl } = await (async () => {
    await using system = await source.open({
      runDir,
      reference: { resources: {} },
      onProgress: progress.say,
    });
    const { surfaces, ingestUrl } = system;
    // history.ndjson as the run goes: the G0 checker suite, so that `make check RUN=...` re-judges
    // the invariants (the step, chaos and G1 rows are not in it; the chaos scenarios write theirs
    // in their own folders).
    const history = await openRunHistory(runDir, {
      suite: 'g0',
      runId,
      createdAt: startedAt,
      parameters: runParameters(system, conformanceEventId(runTag), options.CAPACITY),
    });
    try {
      const outcome = await runConformance(
        system,
        {
          users: options.USERS,
          capacity: options.CAPACITY,
          workers: options.WORKERS,
          drainTimeoutSeconds: options.DRAIN_TIMEOUT_SECONDS,
          runTag,
          history,
        },
        progress,
      );
      await history.finish(outcome.history);
      return { surfaces, ingestUrl, outcome };
    } finally {
      await history.abandon();
    }
  })();
  const seed = options.SEED ?? Math.floor(Math.random() * 2 ** 31);
  const chaos = await chaosRows(
    source,
    scenarios,
    {
      users: options.CHAOS_USERS,
      seconds: options.CHAOS_SECONDS,
      capacity: options.CAPACITY,
      seed,
      runDir,
      runTag,
    },
    progress,
  );
  const g1 = await g1Rows(source, declaresAnalytics(file), { root, runDir, runTag }, progress);
  const verdicts = [...outcome.verdicts, ...chaos, ...g1];
  const valid = combineValidity(verdicts);
  for (const verdict of verdicts) {
    progress.say(`${verdictWord(verdict.valid).padEnd(7)} ${verdict.id.padEnd(12)} ${verdict.summary}`);
  }
  const document = buildConformanceReport({
    systemName: file.name,
    verdicts,
    valid,
    surfaces,
    runId,
    startedAt,
    finishedAt: Date.now(),
    parameters: {
      system: options.SYSTEM,
      users: options.USERS,
      capacity: options.CAPACITY,
      workers: options.WORKERS,
    },
    environment: { node: process.version, ingest: ingestUrl },
    command: `make conformance SYSTEM=${options.SYSTEM} USERS=${options.USERS} CAPACITY=${options.CAPACITY} WORKERS=${options.WORKERS} CHAOS=${options.CHAOS} CHAOS_USERS=${options.CHAOS_USERS} CHAOS_SECONDS=${options.CHAOS_SECONDS} SEED=${seed}`,
    seed,
  });
  await writeReportFolder(runDir, document, {
    results: {
      runId,
      system: file.name,
      valid,
      exitCode: exitCodeFor(valid),
      verdicts,
      seed,
    },
    history: summarizeHistory(outcome.history),
  });
  const exitCode = exitCodeFor(valid);
  // No failed steps of its own: a step that failed is one of the rows above, FAIL or unknown.
  progress.say(endLine(join(runDir, 'report.md'), exitCode, []));
  return exitCode;
}

runAsMain('conformance', main);
