/**
 * Drives one share of a phase on the current event loop: the model (closed or open) with the
 * iteration of the phase (a fresh user's token -> participate, or the storm's shared token), every
 * record handed to `sink.add` as soon as the iteration ends. Used by the main thread when one
 * loop is enough and by each worker thread otherwise.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { runClosedModel } from './closed-model';
import type { LoadTarget } from './http-target';
import {
  type IterationContext,
  type LoadRecord,
  recordFailedLogin,
  recordParticipation,
} from './load-record';
import { runOpenModel } from './open-model';
import type { Share } from './share';
import type { TokenProvider } from './token-provider';

export interface ShareContext {
  readonly eventId: string;
  readonly label: string;
  readonly runTag: string;
  /** The storm's token, logged in once for the whole phase. */
  readonly stormToken?: string;
  readonly stormUserId?: string;
  /** Epoch ms every share starts at, so that threads begin together. */
  readonly startEpochMs: number;
}

export interface ShareSink {
  add(record: LoadRecord): void;
  /** +1 when an iteration starts, -1 when it ends (live progress counts busy VUs). */
  active(delta: number): void;
  /** An arrival of the open model found no free VU. */
  dropped(): void;
}

export async function runShare(
  share: Share,
  target: LoadTarget,
  tokens: TokenProvider,
  context: ShareContext,
  sink: ShareSink,
): Promise<{ dropped: number }> {
  const wait = context.startEpochMs - Date.now();
  if (wait > 0) await sleep(wait);
  const base = (userId: string): IterationContext => ({
    process: context.label,
    eventId: context.eventId,
    userId,
  });
  const tracked = async (work: () => Promise<void>) => {
    sink.active(1);
    try {
      await work();
    } finally {
      sink.active(-1);
    }
  };
  if (share.kind === 'closed') {
    await runClosedModel({
      vus: share.vus,
      durationMs: share.durationMs,
      iterate: (vu, iteration) =>
        tracked(() =>
          tokenAndParticipate(
            target,
            tokens,
            sink,
            base(`${context.runTag}-${context.label}-${share.firstVu + vu}-${iteration}`),
          ),
        ),
    });
    return { dropped: 0 };
  }
  if (share.kind === 'storm') {
    const token = context.stormToken;
    const userId = context.stormUserId;
    if (token === undefined || userId === undefined) throw new Error('a storm share needs the shared token');
    await runClosedModel({
      vus: share.vus,
      durationMs: share.durationMs,
      iterate: () =>
        tracked(async () => {
          const session = target.session();
          try {
            const answer = await session.participate(context.eventId, token);
            sink.add(recordParticipation(base(userId), answer, 0));
          } finally {
            session.release();
          }
        }),
    });
    return { dropped: 0 };
  }
  return runOpenModel({
    startRate: share.startRate,
    stages: share.stages,
    maxVUs: share.maxVUs,
    stride: share.stride,
    offset: share.offset,
    onDropped: () => sink.dropped(),
    iterate: (arrival) =>
      tracked(() =>
        tokenAndParticipate(target, tokens, sink, {
          ...base(`${context.runTag}-${context.label}-a${arrival.index}`),
          intended: { epochMs: arrival.epochMs, monotonicMs: arrival.monotonicMs },
        }),
      ),
  });
}

/** One iteration of the spike, open and probe phases: a fresh user gets a token and participates. */
async function tokenAndParticipate(
  target: LoadTarget,
  tokens: TokenProvider,
  sink: ShareSink,
  context: IterationContext,
) {
  const session = target.session();
  try {
    const got = await tokens(session, context.userId);
    if ('failed' in got) {
      sink.add(recordFailedLogin(context, got.failed, got.requests));
      return;
    }
    const answer = await session.participate(context.eventId, got.token);
    sink.add(recordParticipation(context, answer, got.requests));
  } finally {
    session.release();
  }
}
