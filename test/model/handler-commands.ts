/**
 * One fast-check command class per thing that can happen to the requests of handler-model.ts: a
 * delivery, two copies delivered at once, a crash at each checkpoint, a delivery frozen after its
 * acquire and resumed later, the lease running out, the DLQ handler, ingest's QUEUED write. Each
 * runs the real handler, checks its answer against the model, then checks that the table agrees
 * with the model.
 */
import type fc from 'fast-check';
import { expect } from 'vitest';
import { isFinalStatus, type RequestItem, Status } from '../../services/common';
import { toQueueMessage } from '../../services/ingest/participate';
import { handleDeadLetter } from '../../services/worker/dlq-handler';
import { noPublisher } from '../../services/worker/publisher';
import { silentLogger } from '../harness';
import {
  acquire,
  checkTableAgrees,
  crashAt,
  deliver,
  deliverInModel,
  describeOutcome,
  expectCrash,
  finish,
  type HandlerModel,
  type HandlerReal,
  LEASE_MS,
  type ModelRequest,
  nextStep,
  tick,
} from './handler-model';

/**
 * What every command shares (fast-check's check / run / toString): it happens `elapsedMs` after
 * the one before, does its own part in the model and on the table, and then the table must still
 * agree with the model.
 */
abstract class HandlerCommand implements fc.AsyncCommand<HandlerModel, HandlerReal> {
  /** A millisecond by default: no two commands share a log timestamp. */
  protected readonly elapsedMs: number = 1;
  abstract check(model: Readonly<HandlerModel>): boolean;
  abstract toString(): string;
  /** The command's own part, in the model and on the real table, with its answer checked. */
  protected abstract happen(model: HandlerModel, real: HandlerReal): Promise<void>;

  async run(model: HandlerModel, real: HandlerReal): Promise<void> {
    tick(model, real, this.elapsedMs);
    await this.happen(model, real);
    await checkTableAgrees(model, real);
  }
}

/** A command about request `index`, which must exist; named after its class, `Name(index)`. */
abstract class RequestCommand extends HandlerCommand {
  constructor(readonly index: number) {
    super();
  }
  check(model: Readonly<HandlerModel>) {
    return this.index < model.requests.length;
  }
  toString() {
    return `${this.constructor.name}(${this.index})`;
  }
}

/** A command that cuts a delivery short after its acquire: only for a request a delivery would acquire. */
abstract class AcquiringCommand extends RequestCommand {
  override check(model: Readonly<HandlerModel>) {
    return super.check(model) && nextStep(model as HandlerModel, this.index).kind === 'acquire';
  }
}

/** One copy of request i's message reaches a worker; its answer is what the poll loop does. */
export class DeliverMessage extends RequestCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    const expected = deliverInModel(model, this.index);
    expect(describeOutcome(await deliver(real, this.index))).toBe(expected);
  }
}

/** What the copy that loses a race may answer: wait, or see the winner's final status. */
const LOSING_OUTCOMES = ['retry:ACQUIRE_CONFLICT', 'requeue:LEASE_HELD', 'delete:already-final'];

/** Two copies of request i's message (SQS delivers at least once) reach two workers at once. */
export class DuplicateDelivery extends RequestCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    const expected = deliverInModel(model, this.index);
    const outcomes = (await Promise.all([deliver(real, this.index), deliver(real, this.index)])).map(
      describeOutcome,
    );
    if (!expected.startsWith('delete:succeeded') && !expected.startsWith('delete:rejected')) {
      expect(outcomes).toEqual([expected, expected]);
    } else {
      // Exactly one copy acquires and finishes; the other saw it, or lost the conditional write.
      const winners = outcomes.filter((outcome) => outcome === expected);
      const losers = outcomes.filter((outcome) => outcome !== expected);
      expect(winners, outcomes.join(', ')).toHaveLength(1);
      expect(LOSING_OUTCOMES, outcomes.join(', ')).toContain(losers[0]);
    }
  }
}

/** A worker dies right after its acquire: PROCESSING with a lease, nothing else written. */
export class CrashAfterAcquire extends AcquiringCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    acquire(model, this.index);
    await expectCrash(deliver(real, this.index, crashAt('after-acquire')));
  }
}

/** A worker dies right after the seat transaction: final status written, message not deleted. */
export class CrashAfterSeat extends AcquiringCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    finish(model, this.index, acquire(model, this.index));
    await expectCrash(deliver(real, this.index, crashAt('after-capacity-transaction')));
  }
}

/**
 * A worker stalls right after its acquire (a long GC pause, a frozen container) and stays stalled
 * while later commands run, possibly while a later delivery of the same request takes over.
 */
export class PauseAfterAcquire extends AcquiringCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    model.paused.push({ index: this.index, attempt: acquire(model, this.index) });
    let reached = () => {};
    const atCheckpoint = new Promise<string>((resolve) => {
      reached = () => resolve('paused');
    });
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outcome = deliver(real, this.index, async (point) => {
      if (point !== 'after-acquire') return;
      reached();
      await gate;
    });
    real.paused.push({ release, outcome });
    const early = outcome.then(describeOutcome, (err: unknown) => `threw ${String(err)}`);
    expect(await Promise.race([atCheckpoint, early])).toBe('paused');
  }
}

/** The worker stalled longest goes on: it finishes if the attempt it acquired is still its own. */
export class ResumePaused extends HandlerCommand {
  check(model: Readonly<HandlerModel>) {
    return model.paused.length > 0;
  }
  protected async happen(model: HandlerModel, real: HandlerReal) {
    const { index, attempt } = model.paused.shift() as { index: number; attempt: number };
    const result = finish(model, index, attempt);
    const expected = result === 'stale' ? 'leave:stale-attempt' : `delete:${result}`;
    const paused = real.paused.shift();
    if (!paused) throw new Error(`no paused delivery for request ${index}`);
    paused.release();
    expect(describeOutcome(await paused.outcome), `request ${index}, attempt ${attempt}`).toBe(expected);
  }
  toString() {
    return 'ResumePaused';
  }
}

/** Time passes beyond every lease taken so far: crashed or stalled attempts may be taken over. */
export class ExpireLease extends HandlerCommand {
  protected override readonly elapsedMs = LEASE_MS + 1;
  check() {
    return true;
  }
  /** Only time passes; the check that follows sees what the lapsed leases allow. */
  protected async happen() {}
  toString() {
    return 'ExpireLease';
  }
}

/** Request i's message reached the DLQ: the DLQ handler fails it unless it is final or leased. */
export class DeadLetter extends RequestCommand {
  protected async happen(model: HandlerModel, real: HandlerReal) {
    const request = model.requests[this.index] as ModelRequest;
    if (nextStep(model, this.index).kind === 'acquire') {
      request.status = Status.FAILED_FINAL;
      request.leaseExpiresAt = undefined;
    }
    const outcome = await handleDeadLetter(
      {
        store: real.env.store,
        clock: { now: () => real.clock.t },
        publisher: noPublisher,
        logger: silentLogger,
      },
      {
        messageId: `dead-${this.index}`,
        receiptHandle: 'unused',
        body: JSON.stringify(toQueueMessage(real.requests[this.index] as RequestItem)),
        receiveCount: 4,
      },
    );
    expect(describeOutcome(outcome)).toBe('retry:dead-letter-kept');
  }
}

/** Ingest's step (4) lands for request i, left RECEIVED so far (its message may come first). */
export class QueueRequest extends RequestCommand {
  override check(model: Readonly<HandlerModel>) {
    return super.check(model) && model.requests[this.index]?.status === Status.RECEIVED;
  }
  protected async happen(model: HandlerModel, real: HandlerReal) {
    const request = model.requests[this.index] as ModelRequest;
    request.status = Status.QUEUED;
    request.queuedAt = model.now;
    const item = await real.env.store.getRequest((real.requests[this.index] as RequestItem).requestId);
    expect(await real.env.store.markQueued(item as RequestItem, real.clock.t)).toEqual({ kind: 'done' });
  }
}

/**
 * After the commands: resume every stalled worker, then queue, wait out leases and deliver until
 * every request is final (the drain of a run). No seat may be lost on the way.
 */
export async function drain(model: HandlerModel, real: HandlerReal): Promise<void> {
  while (model.paused.length > 0) await new ResumePaused().run(model, real);
  for (let steps = 0; ; steps++) {
    const index = model.requests.findIndex((request) => !isFinalStatus(request.status));
    if (index === -1) break;
    if (steps > 4 * model.requests.length) throw new Error('the drain does not converge');
    const request = model.requests[index] as ModelRequest;
    if (request.status === Status.RECEIVED) await new QueueRequest(index).run(model, real);
    else if (nextStep(model, index).kind === 'answer') await new ExpireLease().run(model, real);
    else await new DeliverMessage(index).run(model, real);
  }
  // Spec 6.1: SUCCEEDED = min(N, requests that reached the worker), i.e. all but the dead-lettered.
  await checkTableAgrees(model, real);
  const statuses = await Promise.all(real.requests.map((r) => real.env.store.getRequest(r.requestId)));
  const count = (status: Status) => statuses.filter((item) => item?.status === status).length;
  expect(count(Status.SUCCEEDED), 'seats handed out after the drain').toBe(
    Math.min(model.capacityTotal, real.requests.length - count(Status.FAILED_FINAL)),
  );
}
