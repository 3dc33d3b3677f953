/**
 * Long-polls a queue and runs a handler per message with bounded concurrency. Stopping ends the
 * current poll, lets in-flight handlers finish and deletes nothing that did not finish. (A poll
 * cut short may already have taken messages on the server: they stay invisible until their
 * visibility timeout and then come back. Late, never lost.)
 * Kept apart from the handler so either can be read in one sitting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ReceivedMessage } from '../aws/participation-queue';
import type { HandleOutcome } from './message-handler';
import { SimulatedCrashError } from './ports';

export interface PolledQueue {
  receive(options: {
    maxMessages: number;
    waitSeconds: number;
    abortSignal?: AbortSignal;
  }): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  changeVisibility(receiptHandle: string, seconds: number): Promise<void>;
  sendRaw(body: string, delaySeconds?: number): Promise<void>;
}

export interface PollLoopOptions {
  readonly concurrency: number;
  readonly waitSeconds: number;
  readonly logger: Logger;
}

export interface PollLoopStats {
  received: number;
  deleted: number;
  retried: number;
  requeued: number;
  left: number;
  receiveErrors: number;
}

export interface RunningLoop {
  readonly stats: Readonly<PollLoopStats>;
  /** Resolves when the loop has ended (after stop(), or after a simulated crash). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export function startPollLoop(
  queue: PolledQueue,
  handle: (message: ReceivedMessage) => Promise<HandleOutcome>,
  options: PollLoopOptions,
): RunningLoop {
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${options.concurrency}`);
  }
  const stats: PollLoopStats = {
    received: 0,
    deleted: 0,
    retried: 0,
    requeued: 0,
    left: 0,
    receiveErrors: 0,
  };
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let crashed = false;

  const apply = async (message: ReceivedMessage, outcome: HandleOutcome) => {
    if (outcome.action === 'delete') {
      await queue.delete(message.receiptHandle);
      stats.deleted++;
    } else if (outcome.action === 'retry') {
      await queue.changeVisibility(message.receiptHandle, outcome.afterSeconds);
      stats.retried++;
    } else if (outcome.action === 'requeue') {
      // Send before delete: a crash in between leaves a duplicate, never nothing.
      await queue.sendRaw(message.body, outcome.delaySeconds);
      await queue.delete(message.receiptHandle);
      stats.requeued++;
    } else {
      stats.left++;
    }
  };

  const run = (message: ReceivedMessage) => {
    const task = handle(message)
      .then((outcome) => (crashed ? undefined : apply(message, outcome)))
      .catch((err: unknown) => {
        // A simulated crash stops the loop dead: no delete, no visibility change, like SIGKILL.
        if (err instanceof SimulatedCrashError) {
          crashed = true;
          abort.abort();
          return;
        }
        // The message stays invisible until its timeout and comes back: nothing is lost.
        options.logger.error({ err, messageId: message.messageId }, 'message_ack_failed');
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  const loop = async () => {
    while (!abort.signal.aborted) {
      const free = options.concurrency - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      let messages: ReceivedMessage[];
      try {
        messages = await queue.receive({
          maxMessages: Math.min(10, free),
          waitSeconds: options.waitSeconds,
          abortSignal: abort.signal,
        });
      } catch (err) {
        if (abort.signal.aborted) break;
        stats.receiveErrors++;
        options.logger.warn({ err }, 'receive_failed');
        await sleep(1_000);
        continue;
      }
      stats.received += messages.length;
      for (const message of messages) {
        if (crashed) break;
        run(message);
      }
    }
    if (!crashed) await Promise.all(inFlight);
  };

  const done = loop();
  return {
    stats,
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}
