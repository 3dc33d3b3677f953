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
import { countValues } from '../runner/count-by';
import { environmentVersions } from '../runner/environment';
import { reportVerdicts, runAsMain } from '../runner/run-main';
import { runRunbook } from '../runner/runbook-main';
import { findingsSection, targetFindings } from '../runner/target-findings';
import { readMetrics } from './analytics-queries';
import { parseG1Options, reproduceG1Command } from './options';
import { runG1 } from './run-g1';
import { judgeSwallow } from './swallow';

const root = join(import.meta.dirname, '../..');

async function main(): Promise<number> {
  const options = parseG1Options(process.argv.slice(2), process.env);
  const start = {
    suite: 'g1',
    root,
    options,
    command: reproduceG1Command(options),
    describeSetup: (file: string | undefined) =>
      file
        ? `the system of ${file}, its analytics path`
        : `${options.TARGET} stack, resources with the analytics pipeline, ingest`,
    reference: {
      resources: {
        maxReceiveCount: options.MAX_RECEIVE_COUNT,
        deliveryBufferingSeconds: options.BUFFER_SECONDS,
      },
      workerEnv: { LOG_LEVEL: 'info', ANALYTICS: 'on' },
      workerStartEnv: { CONCURRENCY: String(options.WORKER_CONCURRENCY) },
    },
  } as const;
  // history.ndjson as the run goes (the swallow sub-run's verdict is not in it).
  return runRunbook(start, async ({ context, opened, runId, startedAt }) => {
    const { system, progress, runDir, loadTool } = context;
    const outcome = await runG1(context);
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
  });
}

runAsMain('g1', main);
