/**
 * The final reads of a run, through public surfaces only: a consistent scan of the table, every
 * message left in the DLQ (read without deleting), and the main queue's depth.
 */
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, FinalState, ItemObservation, LockRecord } from '../../invariants/history';
import type { AwsClients } from '../../services/aws/clients';
import {
  type CapacityItem,
  CapacityItemSchema,
  LockItemSchema,
  parseKey,
  type RequestItem,
  RequestItemSchema,
  type StatusLogItem,
  StatusLogItemSchema,
} from '../../services/common';
import { readQueueDepth } from './queue-sampler';

export async function scanTable(clients: AwsClients, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await clients.documents.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export interface TableContents {
  readonly requests: RequestItem[];
  readonly locks: LockRecord[];
  readonly capacities: CapacityItem[];
  readonly statusLogs: StatusLogItem[];
  /** Items that do not match their schema: reported, since a checker must not guess. */
  readonly malformed: Record<string, unknown>[];
  /** The request items among them (PK REQ#<id>, SK META): I5 quotes each as a violation. */
  readonly invalidRequests: Record<string, unknown>[];
}

export function splitTable(items: readonly Record<string, unknown>[]): TableContents {
  const contents: TableContents = {
    requests: [],
    locks: [],
    capacities: [],
    statusLogs: [],
    malformed: [],
    invalidRequests: [],
  };
  for (const item of items) {
    const parsed = parseItem(item);
    if (parsed === undefined) {
      contents.malformed.push(item);
      // Outbox and unknown items are no requests: only a request's own item counts for I5.
      if (parseKey({ PK: String(item.PK), SK: String(item.SK) }).kind === 'request')
        contents.invalidRequests.push(item);
    } else if (parsed.kind === 'request') contents.requests.push(parsed.item);
    else if (parsed.kind === 'lock') contents.locks.push(parsed.item);
    else if (parsed.kind === 'capacity') contents.capacities.push(parsed.item);
    else contents.statusLogs.push(parsed.item);
  }
  return contents;
}

function parseItem(item: Record<string, unknown>) {
  const key = parseKey({ PK: String(item.PK), SK: String(item.SK) });
  if (key.kind === 'request') {
    const result = RequestItemSchema.safeParse(item);
    return result.success ? { kind: 'request' as const, item: result.data } : undefined;
  }
  if (key.kind === 'lock') {
    const result = LockItemSchema.safeParse(item);
    return result.success
      ? { kind: 'lock' as const, item: { ...result.data, eventId: key.eventId, userId: key.userId } }
      : undefined;
  }
  if (key.kind === 'capacity') {
    const result = CapacityItemSchema.safeParse(item);
    return result.success ? { kind: 'capacity' as const, item: result.data } : undefined;
  }
  if (key.kind === 'statusLog') {
    const result = StatusLogItemSchema.safeParse(item);
    return result.success ? { kind: 'statusLog' as const, item: result.data } : undefined;
  }
  return undefined;
}

/**
 * Reads every DLQ message without deleting it: each is received once and hidden for `holdSeconds`
 * so the loop sees each message once; they come back afterwards for operators. Messages the DLQ
 * handler holds invisible for a while are waited for: the queue's own count says how many exist.
 */
export async function peekDeadLetters(
  clients: AwsClients,
  queueUrl: string,
  { holdSeconds = 30, patienceMs = 30_000 } = {},
): Promise<DeadLetter[]> {
  const depth = await readQueueDepth(clients, queueUrl);
  const expected = depth.visible + depth.notVisible + depth.delayed;
  const seen = new Map<string, DeadLetter>();
  const deadline = Date.now() + patienceMs;
  for (let emptyPolls = 0; seen.size < expected ? Date.now() < deadline : emptyPolls < 2; ) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: holdSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    if (Messages.length === 0) emptyPolls++;
    for (const message of Messages) {
      if (!message.MessageId || seen.has(message.MessageId)) continue;
      const body = message.Body ?? '';
      const requestId = requestIdIn(body);
      seen.set(message.MessageId, {
        messageId: message.MessageId,
        body,
        receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
        ...(requestId ? { requestId } : {}),
      });
    }
  }
  return [...seen.values()];
}

function requestIdIn(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as { requestId?: unknown }).requestId;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function collectFinalState(
  clients: AwsClients,
  resources: { tableName: string; mainQueueUrl: string; deadLetterQueueUrl: string },
): Promise<{ final: FinalState; malformed: Record<string, unknown>[] }> {
  const [items, deadLetters, depth] = await Promise.all([
    scanTable(clients, resources.tableName),
    peekDeadLetters(clients, resources.deadLetterQueueUrl),
    readQueueDepth(clients, resources.mainQueueUrl),
  ]);
  const { malformed, ...contents } = splitTable(items);
  return {
    final: {
      ...contents,
      deadLetters,
      mainQueueDepth: { visible: depth.visible + depth.delayed, notVisible: depth.notVisible },
    },
    malformed,
  };
}

/** A mid-run reading of every request's status, queuedAt and GSI2SK (for invariants 3 and 4). */
export async function observeRequests(clients: AwsClients, tableName: string): Promise<ItemObservation[]> {
  const time = Date.now();
  const { requests } = splitTable(await scanTable(clients, tableName));
  return requests.map((item) => ({
    time,
    requestId: item.requestId,
    status: item.status,
    ...(item.queuedAt === undefined ? {} : { queuedAt: item.queuedAt }),
    ...(item.GSI2SK === undefined ? {} : { GSI2SK: item.GSI2SK }),
  }));
}
