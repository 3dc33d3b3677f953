/**
 * Poison messages through the system's public surfaces: real requests, made by participating
 * through ingest while no worker runs, whose messages the harness takes off the main queue and
 * sends back with a schemaVersion the worker cannot read, as a newer ingest deployed before its
 * worker would send. The worker quarantines them, SQS dead-letters them after maxReceiveCount,
 * and the DLQ handler ends them FAILED_FINAL / FAILED_WORKER with an isDlq analytics event.
 *
 *   worker off:  participate x N  ->  receive their messages, delete  ->  (held)
 *   later:       send the held bodies with schemaVersion 2 onto the main queue
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { ParticipateOperation } from '../../invariants/history';
import { participateThrough } from '../system/participate-client';
import type { SystemUnderTest } from '../system/system-under-test';

export interface HeldPoison {
  readonly requestIds: readonly string[];
  /** The requests' own messages, rewritten to a schema the worker cannot read. */
  readonly bodies: readonly string[];
  /** The participations that made the requests, for the history. */
  readonly operations: readonly ParticipateOperation[];
}

const INTERCEPT_TIMEOUT_MS = 30_000;

export async function preparePoison(
  system: SystemUnderTest,
  eventId: string,
  count: number,
  runTag: string,
): Promise<HeldPoison> {
  if (system.worker.running > 0)
    throw new Error('poison: the messages are taken off the queue before any worker runs');
  const operations: ParticipateOperation[] = [];
  for (let i = 0; i < count; i++)
    operations.push(await participateThrough(system, `poison-${runTag}-${i + 1}`, eventId, 'poison'));
  const wanted = new Set(
    operations.flatMap((op) => (op.type === 'ok' && op.requestId ? [op.requestId] : [])),
  );
  if (wanted.size < count)
    throw new Error(`poison: only ${wanted.size} of ${count} poison participations were accepted`);
  const bodies = new Map<string, string>();
  const queueUrl = system.resources.mainQueueUrl;
  const deadline = Date.now() + INTERCEPT_TIMEOUT_MS;
  while (bodies.size < wanted.size && Date.now() < deadline) {
    const { Messages = [] } = await system.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of Messages) {
      const body = parseBody(message.Body);
      const requestId = typeof body?.requestId === 'string' ? body.requestId : undefined;
      if (body && requestId && wanted.has(requestId)) {
        bodies.set(requestId, JSON.stringify({ ...body, schemaVersion: 2 }));
        await system.clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      } else {
        // Not ours: back onto the queue at once, untouched.
        await system.clients.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      }
    }
  }
  if (bodies.size < wanted.size)
    throw new Error(
      `poison: found ${bodies.size} of ${wanted.size} poison requests' messages on the main queue within ${INTERCEPT_TIMEOUT_MS / 1000} s`,
    );
  return { requestIds: [...bodies.keys()], bodies: [...bodies.values()], operations };
}

export async function sendPoison(system: SystemUnderTest, held: HeldPoison): Promise<void> {
  for (const body of held.bodies) {
    await system.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: system.resources.mainQueueUrl, MessageBody: body }),
    );
  }
}

function parseBody(body: string | undefined): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body ?? '') as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
