/**
 * `make g1`: the analytics run, on a system under test (the reference services by default,
 * `--system FILE` / `SYSTEM=` one with a declared analytics path). Exit code 0 when every invariant holds (I1-I8 and the swallow
 * policy), 1 when one is violated, 2 when one could not be decided or the run failed.
 */
import { join } from 'node:path';
import { measureFairness } from '../../invariants';
import { summarizeHistory } from '../../invariants/history-records';
import { renderFairnessSection } from '../../reports/fairness-section';
import { g1Charts } from '../../reports/g1-charts';
import { renderG1Headline, renderG1Sections } from '../../reports/g1-section';
import { writeRunReport } from '../../reports/write-run';
import { refuseK6Tokens, resolveLoadTool } from '../load/load-tool';
import { countValues } from '../runner/count-by';
import { environmentVersions } from '../runner/environment';
import { createProgress } from '../runner/progress';
import { newRunFolder } from '../runner/run-folder';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { openRunbookHistory } from '../runner/runbook-run';
import { findingsSection, targetFindings } from '../runner/target-findings';
import { systemSource } from '../system/open-system';
import { readMetrics } from './analytics-queries';
import { parseG1Options, reproduceG1Command } from './options';
import { runG1 } from './run-g1';
import { judgeSwallow } from './swallow';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseG1Options(process.argv.slice(2), process.env);
  const loadTool = resolveLoadTool(options.LOAD_TOOL, options.K6_BINARY, root);
  const source = systemSource(options.SYSTEM, root);
  // As in G0: k6 only logs in at the spec's route, so a system with other tokens refuses it at once.
  refuseK6Tokens(loadTool, source.tokens);
  const startedAt = Date.now();
  const { runId, runDir } = await newRunFolder(root, 'g1', startedAt);
  const progress = createProgress(startedAt);
  progress.say(`G1 run ${runId} (${options.PROFILE}): ${reproduceG1Command(options)}`);

  progress.phase(
    'setup',
    source.file
      ? `the system of ${source.file}, its analytics path`
      : `${options.TARGET} stack, resources with the analytics pipeline, ingest`,
  );
  const system = await source.open({
    runDir,
    reference: {
      target: options.TARGET,
      resources: {
        maxReceiveCount: options.MAX_RECEIVE_COUNT,
        deliveryBufferingSeconds: options.BUFFER_SECONDS,
      },
      workerEnv: { LOG_LEVEL: 'info', ANALYTICS: 'on' },
    },
    onProgress: (message) => progress.say(message),
  });
  // history.ndjson as the run goes (the swallow sub-run's verdict is not in it).
  const opened = await openRunbookHistory({ suite: 'g1', runId, runDir, startedAt }, system, {
    eventId: options.EVENT_ID,
    capacity: options.CAPACITY,
  });
  try {
    const outcome = await runG1({
      options,
      system,
      progress,
      runDir,
      loadTool,
      runTag: runId,
      history: opened.history,
    });
    const swallowVerdict = judgeSwallow(outcome.swallow);
    const judged = opened.judge(outcome.history, outcome.failedSteps, [swallowVerdict]);
    const { verdicts, valid } = judged;
    const metrics = readMetrics(outcome.queries, options.EVENT_ID);
    const deviations = system.target?.deviations ?? [];
    const reconciliation = verdicts.find((v) => v.id === 'I8')?.counts ?? {};
    const quality = verdicts.find((v) => v.id === 'I6a')?.counts ?? {};
    const details = outcome.delivery.records.map((r) => r.detail.timestamps as Record<string, number | null>);
    const queueDelays = details.flatMap((t) =>
      t.startedAt != null && t.queuedAt != null ? [t.startedAt - t.queuedAt] : [],
    );
    const e2eDelays = details.flatMap((t) =>
      t.finishedAt != null && t.queuedAt != null ? [t.finishedAt - t.queuedAt] : [],
    );
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
        bufferingSeconds: outcome.analytics.bufferingSeconds,
        bufferingMegabytes: outcome.analytics.bufferingMegabytes,
        prefix: outcome.analytics.prefix,
        imitation: outcome.analytics.delivery,
      },
      ...(outcome.swallow.ran
        ? {
            swallow: {
              users: outcome.swallow.users,
              capacity: outcome.swallow.capacity,
              statusCounts: outcome.swallow.statusCounts,
              publishFailuresMetric: outcome.swallow.publishFailuresMetric,
              queueEmpty: outcome.swallow.messagesLeft === 0,
              eventsDelivered: outcome.swallow.eventsDelivered,
              valid: swallowVerdict.valid === true,
            },
          }
        : {}),
    };
    const final = outcome.history.final;
    // The rest of the history (final reads, bucket records, phases) and the end line.
    await opened.finish(outcome.history, judged);
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
        failedSteps: judged.failedSteps,
        notes: outcome.notes,
        passConclusion: renderG1Headline(sectionInput),
        extraSections: [
          ...renderG1Sections(sectionInput),
          renderFairnessSection(measureFairness(outcome.history), opened.fairnessBound),
          ...(deviations.length > 0
            ? [
                findingsSection(
                  system.target?.name ?? options.TARGET,
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
    return reportVerdicts(progress, judged, runDir);
  } finally {
    await opened.history.abandon();
    await system.stop();
  }
}

runAsMain('g1', main);
