/**
 * Finishes the requests whose messages were dead-lettered: QUEUED or PROCESSING -> FAILED_FINAL /
 * FAILED_WORKER, published with isDlq=true. The DLQ message itself is kept (not deleted): it is
 * the operators' record of the failure and what `redrive` sends back once the cause is fixed.
 * Handling a message twice is a no-op, because a final request is never changed.
 */
import type { Logger } from 'pino';
import type { ReceivedMessage } from '../aws/participation-queue';
import { type Clock, FailureClass, isFinalStatus, RequestIdSchema, Status } from '../common';
import type { HandleOutcome } from './message-handler';
import { publishFinal } from './message-handler';
import type { WorkerStore } from './ports';
import type { ParticipationPublisher } from './publisher';

export interface DlqHandlerDeps {
  readonly store: WorkerStore;
  readonly clock: Clock;
  readonly publisher: ParticipationPublisher;
  readonly logger: Logger;
}

/** Seconds a handled dead letter stays hidden before the handler looks at it again. */
export const DLQ_RECHECK_SECONDS = 10;

export async function handleDeadLetter(
  deps: DlqHandlerDeps,
  message: ReceivedMessage,
): Promise<HandleOutcome> {
  const requestId = readRequestId(message.body);
  const keep: HandleOutcome = {
    action: 'retry',
    afterSeconds: DLQ_RECHECK_SECONDS,
    reason: 'dead-letter-kept',
  };
  if (!requestId) {
    deps.logger.warn({ messageId: message.messageId }, 'dead_letter_without_request');
    return keep;
  }
  const item = await deps.store.getRequest(requestId);
  // RECEIVED ones are the recovery sweep's to heal; final ones need nothing.
  if (!item || isFinalStatus(item.status) || item.status === Status.RECEIVED) return keep;
  const now = deps.clock.now();
  // An attempt with a live lease may still finish it: a dead letter does not overrule it.
  if (item.status === Status.PROCESSING && (item.leaseExpiresAt ?? 0) >= now) return keep;
  const failure = {
    failureClass: FailureClass.NON_RETRYABLE,
    errorCode: 'DEAD_LETTERED',
    // The DLQ's count includes this handler's own reads: it is "at least", not exact.
    errorMessage: `dead-lettered; DLQ receive count ${message.receiveCount}`,
  };
  const outcome = await deps.store.failDeadLettered(item, now, failure);
  if (outcome.kind === 'done') {
    deps.logger.warn({ requestId, receiveCount: message.receiveCount }, 'request_dead_lettered');
    await publishFinal(
      deps,
      { ...item, status: Status.FAILED_FINAL, resultCode: 'FAILED_WORKER', finishedAt: now, ...failure },
      true,
    );
  }
  return keep;
}

/** A dead letter may be anything: take a requestId from it if there is a well-formed one. */
function readRequestId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const candidate = (parsed as { requestId?: unknown } | null)?.requestId;
    return RequestIdSchema.safeParse(candidate).success ? (candidate as string) : undefined;
  } catch {
    return undefined;
  }
}
