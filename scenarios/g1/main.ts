/**
 * `make g1`: the analytics run. Exit code 0 when every invariant holds (I1-I8 and the swallow
 * policy), 1 when one is violated, 2 when one could not be decided or the run failed.
 */
import { join } from 'node:path';
import {
  checkAll,
  checkPublishSwallow,
  combineValidity,
  fairnessChecker,
  G1_CHECKERS,
  measureFairness,
  parseInversionRate,
} from '../../invariants';
import { summarizeHistory } from '../../invariants/history-records';
import { writeRunHistory } from '../../invariants/history-writer';
import { renderFairnessSection } from '../../reports/fairness-section';
import { g1Charts } from '../../reports/g1-charts';
import { renderG1Headline, renderG1Sections } from '../../reports/g1-section';
import { createRunFolder, writeRunReport } from '../../reports/write-run';
import { startPipeline } from '../../stack/pipeline';
import { resolveLoadTool } from '../load/load-tool';
import { countValues } from '../runner/count-by';
import { environmentVersions } from '../runner/environment';
import { createProgress } from '../runner/progress';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { findingsSection, targetFindings } from '../runner/target-findings';
import { readMetrics } from './analytics-queries';
import { parseG1Options, reproduceG1Command } from './options';
import { runG1 } from './run-g1';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseG1Options(process.argv.slice(2), process.env);
  const loadTool = resolveLoadTool(options.LOAD_TOOL, options.K6_BINARY, root);
  const startedAt = Date.now();
  const runDir = await createRunFolder(
    join(root, 'reports/runs'),
    `g1-${new Date(startedAt).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`,
  );
  const runId = runDir.split('/').at(-1) ?? 'g1';
  const progress = createProgress(startedAt);
  progress.say(`G1 run ${runId} (${options.PROFILE}): ${reproduceG1Command(options)}`);

  progress.phase('setup', `${options.TARGET} stack, resources with the analytics pipeline, ingest`);
  const pipeline = await startPipeline({
    root,
    runDir,
    nodeBinary: process.execPath,
    target: options.TARGET,
    resources: {
      maxReceiveCount: options.MAX_RECEIVE_COUNT,
      deliveryBufferingSeconds: options.BUFFER_SECONDS,
      fixtures: [{ eventId: options.EVENT_ID, capacity: options.CAPACITY }],
    },
    workerEnv: { LOG_LEVEL: 'info', ANALYTICS: 'on' },
    onProgress: (message) => progress.say(message),
  });
  try {
    const outcome = await runG1({ options, pipeline, progress, runDir, loadTool, runTag: runId });
    // Fairness (I16) is always measured for the report; judged only under a configured bound.
    const fairnessBound = parseInversionRate(process.env.FAIRNESS_MAX_INVERSION_RATE);
    const checkers =
      fairnessBound === undefined
        ? G1_CHECKERS
        : [...G1_CHECKERS, fairnessChecker({ maxInversionRate: fairnessBound })];
    const checked = checkAll(outcome.history, checkers);
    const swallowVerdict = checkPublishSwallow(outcome.swallow);
    const verdicts = [...checked.verdicts, swallowVerdict];
    const valid = combineValidity(verdicts);
    const metrics = readMetrics(outcome.queries, options.EVENT_ID);
    const deviations = pipeline.stack.deviations ?? [];
    const reconciliation = verdicts.find((v) => v.id === 'I8')?.counts ?? {};
    const quality = verdicts.find((v) => v.id === 'I6a')?.counts ?? {};
    const details = outcome.delivery.records.map((r) => r.detail.timestamps as Record<string, number | null>);
    const queueDelays = details.flatMap((t) =>
      t.startedAt != null && t.queuedAt != null ? [t.startedAt - t.queuedAt] : [],
    );
    const e2eDelays = details.flatMap((t) =>
      t.finishedAt != null && t.queuedAt != null ? [t.finishedAt - t.queuedAt] : [],
    );
    const stream = pipeline.definition.analytics.deliveryStream;
    const sectionInput = {
      engine: outcome.engineName,
      queries: outcome.queries,
      metrics,
      reconciliation: {
        finalRequests: reconciliation.finalRequests ?? 0,
        events: reconciliation.events ?? 0,
        missing: reconciliation.missing ?? 0,
        duplicates: reconciliation.duplicates ?? 0,
        mismatched: reconciliation.mismatched ?? 0,
        orphans: reconciliation.orphans ?? 0,
      },
      validation: {
        negativeDelays: quality.negativeDelays ?? 0,
        missingTimestamps: quality.missingTimestamps ?? 0,
        badKeys: quality.badKeys ?? 0,
        malformedLines: quality.malformedLines ?? 0,
        objects: outcome.delivery.objectKeys.length,
        errorObjects: outcome.delivery.errorObjectKeys.length,
      },
      delivery: {
        bufferingSeconds: stream.bufferingSeconds,
        bufferingMegabytes: stream.bufferingMegabytes,
        prefix: stream.prefix,
        imitation:
          options.TARGET === 'localstack'
            ? "LocalStack's own EventBridge rule and Firehose deliver to S3 (its deviations from AWS are reported as findings)."
            : 'moto matches the EventBridge rule into a buffer queue and a small delivery stage plays Firehose ' +
              '(buffering, dt/hour prefixes, error prefix): the one part of the embedded stack that imitates AWS.',
      },
      swallow: {
        users: outcome.swallow.users,
        capacity: outcome.swallow.capacity,
        statusCounts: outcome.swallow.statusCounts,
        publishFailuresMetric: outcome.swallow.publishFailuresMetric,
        queueEmpty: outcome.swallow.messagesLeft === 0,
        eventsDelivered: outcome.swallow.eventsDelivered,
        valid: swallowVerdict.valid === true,
      },
    };
    const final = outcome.history.final;
    // history.ndjson for `make check RUN=...` (the swallow sub-run's verdict is not in it).
    await writeRunHistory(
      runDir,
      { suite: 'g1', runId, fairnessMaxInversionRate: fairnessBound },
      outcome.history,
    );
    await writeRunReport(
      runDir,
      {
        runId,
        title: 'G1 analytics run',
        startedAt,
        finishedAt: Date.now(),
        command: reproduceG1Command(options),
        seed: runId,
        parameters: {
          profile: options.PROFILE,
          vus: options.VUS,
          duration: options.DURATION,
          eventId: options.EVENT_ID,
          capacity: options.CAPACITY,
          poison: options.POISON,
          bufferSeconds: options.BUFFER_SECONDS,
          swallowUsers: options.SWALLOW_USERS,
          maxReceiveCount: options.MAX_RECEIVE_COUNT,
        },
        environment: { ...environmentVersions(loadTool), 'query engine': outcome.engineName },
        verdicts,
        valid,
        ...(outcome.spike.summary ? { k6: outcome.spike.summary } : {}),
        statusCounts: countValues(
          final.requests.filter((r) => r.eventId === options.EVENT_ID).map((r) => r.status),
        ),
        resultCodeCounts: countValues(
          final.requests.filter((r) => r.eventId === options.EVENT_ID).map((r) => r.resultCode ?? 'NONE'),
        ),
        samples: [],
        phases: outcome.history.phases,
        failedSteps: outcome.drainedAt === undefined ? ['drain'] : [],
        notes: outcome.notes,
        passConclusion: renderG1Headline(sectionInput),
        extraSections: [
          ...renderG1Sections(sectionInput),
          renderFairnessSection(measureFairness(outcome.history), fairnessBound),
          ...(deviations.length > 0
            ? [
                findingsSection(
                  pipeline.stack.name ?? options.TARGET,
                  targetFindings(verdicts, deviations),
                  deviations,
                ),
              ]
            : []),
        ],
      },
      {
        history: summarizeHistory(outcome.history),
        chartHistory: outcome.history,
        charts: g1Charts({
          queries: outcome.queries,
          queueDelaysMs: queueDelays,
          endToEndDelaysMs: e2eDelays,
        }),
      },
    );
    return reportVerdicts(progress, verdicts, valid, runDir);
  } finally {
    await pipeline.stop();
  }
}

runAsMain('g1', main);
