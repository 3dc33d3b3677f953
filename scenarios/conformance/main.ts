/**
 * `make conformance SYSTEM=path/to/system.json`: verifies a pipeline the harness did not write
 * and writes one report with a row per check: PASS, FAIL with its counterexample, or unknown
 * with the reason. Exit 0 all hold, 1 one violated, 2 one undecided or the run impossible.
 */
import { join } from 'node:path';
import { exitCodeFor } from '../../invariants/verdict';
import type { ReportDocument } from '../../reports/report-document';
import { buildRunId, createRunFolder, writeReportFolder } from '../../reports/write-run';
import { createProgress } from '../runner/progress';
import { runAsMain } from '../runner/run-main';
import { openExternalSystem } from '../system/external-system';
import { readSystemFile } from '../system/system-file';
import { parseConformanceOptions } from './options';
import { runConformance } from './run-conformance';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseConformanceOptions(process.argv.slice(2), process.env);
  const { system: file, folder } = readSystemFile(options.SYSTEM);
  const startedAt = Date.now();
  const runId = buildRunId('conformance', new Date(startedAt));
  const runDir = await createRunFolder(join(root, 'reports/runs'), runId);
  const progress = createProgress(startedAt);
  progress.say(`conformance run ${runId} against ${file.name} (${options.SYSTEM})`);
  await using system = await openExternalSystem(file, { env: process.env, folder, onProgress: progress.say });
  const outcome = await runConformance(
    system,
    {
      users: options.USERS,
      capacity: options.CAPACITY,
      workers: options.WORKERS,
      drainTimeoutSeconds: options.DRAIN_TIMEOUT_SECONDS,
      runTag: runId.slice('conformance-'.length),
    },
    progress,
  );
  for (const verdict of outcome.verdicts) {
    const word = verdict.valid === true ? 'PASS' : verdict.valid === false ? 'FAIL' : 'UNKNOWN';
    progress.say(`${word.padEnd(7)} ${verdict.id.padEnd(12)} ${verdict.summary}`);
  }
  const document: ReportDocument = {
    kind: 'conformance',
    runId,
    title: `Conformance of ${file.name}`,
    lang: 'en',
    startedAt,
    finishedAt: Date.now(),
    valid: outcome.valid,
    headline:
      outcome.valid === true
        ? `PASS: ${file.name} kept every invariant the harness could judge through its public surfaces`
        : outcome.valid === false
          ? `FAIL: ${file.name} broke an invariant; the table quotes the counterexample`
          : `UNKNOWN: some checks could not be decided on ${file.name}; the table says why`,
    verdicts: outcome.verdicts,
    charts: [],
    sections: [
      {
        title: 'Surfaces',
        markdown: Object.entries(system.surfaces)
          .map(
            ([surface, present]) =>
              `- ${surface}: ${present ? 'yes' : 'no (the checks that need it are unknown)'}`,
          )
          .join('\n'),
      },
    ],
    parameters: {
      system: options.SYSTEM,
      users: options.USERS,
      capacity: options.CAPACITY,
      workers: options.WORKERS,
    },
    environment: { node: process.version, ingest: system.ingestUrl },
    command: `make conformance SYSTEM=${options.SYSTEM} USERS=${options.USERS} CAPACITY=${options.CAPACITY} WORKERS=${options.WORKERS}`,
  };
  await writeReportFolder(runDir, document, {
    results: {
      runId,
      system: file.name,
      valid: outcome.valid,
      exitCode: exitCodeFor(outcome.valid),
      verdicts: outcome.verdicts,
    },
    history: outcome.history,
  });
  const exitCode = exitCodeFor(outcome.valid);
  progress.say(`report: ${join(runDir, 'report.md')} (reports/latest); exit ${exitCode}`);
  return exitCode;
}

runAsMain('conformance', main);
