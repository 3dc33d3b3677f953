/**
 * Wires an ingest server from a config and AWS clients: the app, the event catalog and the
 * recovery sweep timer. Used by main.ts and by the integration tests (which run it in-process).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { AwsClients } from '../aws/clients';
import { SqsQueue } from '../aws/participation-queue';
import { DynamoRequestStore } from '../aws/request-store';
import { type Clock, type IdGenerator, randomIdGenerator, systemClock } from '../common';
import { createAdmissionTickets } from './admission-ticket';
import { createIngestApp, type IngestAppDeps } from './app';
import { gateFlagsOf, type IngestConfig } from './config';
import { RateLimiter } from './edge/token-bucket';
import { EventCatalog } from './event-catalog';
import type { IngestStore } from './ports';
import { runRecoverySweep } from './recovery-sweep';
import { SettledRequests } from './settled-requests';
import { createHmacTokens } from './tokens';

export interface StartedIngest {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Parts a caller may inject instead of the real ones (tests, and the harness's bug zoo). */
export interface IngestOverrides {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Another implementation of the store (the harness's mutants use this seam). */
  readonly store?: IngestStore;
  /** Wraps the built app, e.g. to put a route in front of the reference ones; returns what listens. */
  readonly decorateApp?: (app: Express, deps: IngestAppDeps) => Express;
}

export async function startIngest(
  config: IngestConfig,
  clients: AwsClients,
  logger: Logger,
  overrides: IngestOverrides = {},
): Promise<StartedIngest> {
  const clock = overrides.clock ?? systemClock;
  const store = overrides.store ?? new DynamoRequestStore(clients, config.TABLE_NAME);
  const queue = new SqsQueue(clients, config.QUEUE_URL);
  const deps: IngestAppDeps = {
    store,
    queue,
    clock,
    ids: overrides.ids ?? randomIdGenerator,
    events: new EventCatalog(store, clock),
    healAfterMs: config.HEAL_AFTER_MS,
    settled: new SettledRequests(),
    tokens: createHmacTokens({ secret: config.TOKEN_SECRET, ttlSeconds: config.TOKEN_TTL_SECONDS, clock }),
    adminSecret: config.ADMIN_SECRET,
    logger,
    ...gateOf(config, clock),
    ...rateLimiterOf(config, clock),
  };
  const reference = createIngestApp(deps);
  const app = overrides.decorateApp ? overrides.decorateApp(reference, deps) : reference;
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(config.PORT, config.HOST, () => resolve(listening));
  });
  // Keep-alive longer than a load generator's idle time, so k6 reuses connections.
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;

  // One sweep at a time: the next is scheduled when the previous one has ended, never overlapping.
  const sweepLog = logger.child({ component: 'recovery-sweep' });
  let sweeping: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const scheduleSweep = () => {
    if (stopped || config.SWEEP_INTERVAL_MS === 0) return;
    timer = setTimeout(() => {
      sweeping = runRecoverySweep(
        { ...deps, logger: sweepLog },
        {
          minAgeMs: config.SWEEP_MIN_AGE_MS,
          giveUpAfterMs: config.SWEEP_GIVE_UP_MS,
          concurrency: config.SWEEP_CONCURRENCY,
        },
      )
        .then((report) => {
          if (report.found > 0) sweepLog.info(report, 'sweep_done');
        })
        .catch((err: unknown) => sweepLog.warn({ err }, 'sweep_failed'))
        .finally(scheduleSweep);
    }, config.SWEEP_INTERVAL_MS);
    timer.unref();
  };
  scheduleSweep();

  return {
    url: `http://${config.HOST}:${port}`,
    port,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await sweeping;
      if (deps.rateLimiter) logger.info({ rejected: deps.rateLimiter.rejected }, 'rate_limit_totals');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

/** The edge rate limit, when the configuration switches it on. */
function rateLimiterOf(config: IngestConfig, clock: Clock): Pick<IngestAppDeps, 'rateLimiter'> {
  if (config.RATE_LIMIT !== 'on') return {};
  return {
    rateLimiter: new RateLimiter(
      {
        perUser: { ratePerSecond: config.RATE_LIMIT_USER_PER_SECOND, burst: config.RATE_LIMIT_USER_BURST },
        global: { ratePerSecond: config.RATE_LIMIT_GLOBAL_PER_SECOND, burst: config.RATE_LIMIT_GLOBAL_BURST },
      },
      clock.now(),
    ),
  };
}

/** The gate hand-off, when the configuration switches the waiting room on. */
function gateOf(config: IngestConfig, clock: Clock): Pick<IngestAppDeps, 'gate'> {
  const flags = gateFlagsOf(config);
  if (!flags.gate || config.ADMISSION_SECRET === undefined) return {};
  return {
    gate: {
      flags,
      tickets: createAdmissionTickets({
        secret: config.ADMISSION_SECRET,
        ttlSeconds: config.ADMISSION_TICKET_TTL_SECONDS,
        clock,
      }),
    },
  };
}
