/**
 * Finishes the requests whose messages were dead-lettered: QUEUED or PROCESSING -> FAILED_FINAL /
 * FAILED_WORKER, published with isDlq=true. The DLQ message itself is kept (not deleted): it is
 * the operators' record of the failure and what `redrive` sends back once the cause is fixed.
 * Handling a message twice is a no-op, because a final request is never changed.
 *
 * A dead letter is attributed to a request only if the whole message matches the item (eventId,
 * userId, and eventType and requestedAt where the letter has them): a letter that merely names
 * a requestId could otherwise fail any healthy request. Anything else is kept as unattributable
 * and counted. The failure written is the item's last failure (the real cause) when it has one.
 */
import type { Logger } from 'pino';
import type { ReceivedMessage } from '../aws/participation-queue';
import {
  type Clock,
  FailureClass,
  isFinalStatus,
  RequestIdSchema,
  type RequestItem,
  Status,
} from '../common';
import type { HandleOutcome } from './handle-outcome';
import type { Failure, WorkerStore } from './ports';
import { publishFinal } from './publish-final';
import type { ParticipationPublisher } from './publisher';

export interface DlqHandlerDeps {
  readonly store: WorkerStore;
  readonly clock: Clock;
  readonly publisher: ParticipationPublisher;
  readonly logger: Logger;
  /** Counts of what the handler saw; read by the worker's stats and by tests. */
  readonly stats?: DlqStats;
}

export interface DlqStats {
  failed: number;
  unattributable: number;
}

export function newDlqStats(): DlqStats {
  return { failed: 0, unattributable: 0 };
}

/** Seconds a handled dead letter stays hidden before the handler looks at it again. */
export const DLQ_RECHECK_SECONDS = 10;
/** Every call of one dead letter ends well before the letter becomes visible again. */
const DLQ_CALL_BUDGET_MS = (DLQ_RECHECK_SECONDS - 2) * 1000;

export async function handleDeadLetter(
  deps: DlqHandlerDeps,
  message: ReceivedMessage,
): Promise<HandleOutcome> {
  const keep: HandleOutcome = {
    action: 'retry',
    afterSeconds: DLQ_RECHECK_SECONDS,
    reason: 'dead-letter-kept',
  };
  const call = { abortSignal: AbortSignal.timeout(DLQ_CALL_BUDGET_MS) };
  const letter = readLetter(message.body);
  const item = letter ? await deps.store.getRequest(letter.requestId, call) : undefined;
  if (!letter || !item || !matches(letter, item)) {
    if (deps.stats) deps.stats.unattributable++;
    deps.logger.warn(
      { messageId: message.messageId, requestId: letter?.requestId, known: item !== undefined },
      'dead_letter_unattributable',
    );
    return keep;
  }
  // RECEIVED ones are the recovery sweep's to heal; final ones need nothing.
  if (isFinalStatus(item.status) || item.status === Status.RECEIVED) return keep;
  const now = deps.clock.now();
  // An attempt with a live lease may still finish it: a dead letter does not overrule it.
  if (item.status === Status.PROCESSING && (item.leaseExpiresAt ?? 0) >= now) return keep;
  const failure = failureOf(item, message.receiveCount);
  const outcome = await deps.store.failDeadLettered(item, now, failure, call);
  if (outcome.kind === 'done') {
    if (deps.stats) deps.stats.failed++;
    deps.logger.warn(
      { requestId: item.requestId, receiveCount: message.receiveCount },
      'request_dead_lettered',
    );
    await publishFinal(
      deps,
      { ...item, status: Status.FAILED_FINAL, resultCode: 'FAILED_WORKER', finishedAt: now, ...failure },
      true,
      call.abortSignal,
    );
  }
  return keep;
}

/** The real cause if an attempt recorded one, otherwise the plain fact of the dead letter. */
function failureOf(item: RequestItem, receiveCount: number): Failure {
  if (item.lastFailure) {
    return {
      failureClass: item.lastFailure.failureClass,
      errorCode: item.lastFailure.errorCode,
      errorMessage: item.lastFailure.errorMessage,
    };
  }
  return {
    failureClass: FailureClass.NON_RETRYABLE,
    errorCode: 'DEAD_LETTERED',
    // The DLQ's count includes this handler's own reads: it is "at least", not exact.
    errorMessage: `dead-lettered; DLQ receive count ${receiveCount}`,
  };
}

interface Letter {
  readonly requestId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * A dead letter may be anything, including a message of a schema this worker cannot read (a newer
 * ingest's): it is read loosely here, and attributed only by comparing it with the item.
 */
function readLetter(body: string): Letter | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    const fields = parsed as Record<string, unknown>;
    return RequestIdSchema.safeParse(fields.requestId).success
      ? { requestId: fields.requestId as string, fields }
      : undefined;
  } catch {
    return undefined;
  }
}

function matches(letter: Letter, item: RequestItem): boolean {
  const { fields } = letter;
  if (fields.eventId !== item.eventId || fields.userId !== item.userId) return false;
  if ('eventType' in fields && fields.eventType !== item.eventType) return false;
  if ('requestedAt' in fields && fields.requestedAt !== item.requestedAt) return false;
  return true;
}
