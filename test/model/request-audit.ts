/**
 * Reads one request as the table holds it (the item and its status logs, in one strongly
 * consistent Query of its partition) and lists every way it breaks the contract of spec
 * sections 1 and 2. Shared by the model-based and the interleaving tests.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { compareLogs } from '../../invariants/history-index';
import type { AwsClients } from '../../services/aws/clients';
import {
  findIllegalStep,
  isFinalStatus,
  queuedIndexKeys,
  type RequestItem,
  RequestItemSchema,
  requestKey,
  Status,
  type StatusLogItem,
  StatusLogItemSchema,
} from '../../services/common';

export interface RequestAudit {
  readonly requestId: string;
  readonly item: RequestItem | undefined;
  /**
   * In time order as the checkers read it (compareLogs), not in raw SK order: two logs of one
   * delivery can share a millisecond, and the SK then breaks the tie by status name.
   */
  readonly logs: readonly StatusLogItem[];
}

export async function readRequestAudit(
  clients: AwsClients,
  tableName: string,
  requestId: string,
): Promise<RequestAudit> {
  const { Items = [] } = await clients.documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': requestKey(requestId).PK },
      ConsistentRead: true,
    }),
  );
  const meta = Items.find((row) => row.SK === 'META');
  const logs = Items.filter((row) => row.entityType === 'STATUS_LOG').map((row) =>
    StatusLogItemSchema.parse(row),
  );
  return {
    requestId,
    item: meta ? RequestItemSchema.parse(meta) : undefined,
    logs: [...logs].sort(compareLogs),
  };
}

/** Every contract violation visible in one request's item and logs; empty when it is sound. */
export function auditProblems(audit: RequestAudit): string[] {
  const problems: string[] = [];
  const { item, logs } = audit;
  if (!item) return logs.length > 0 ? ['status logs without a request item'] : ['request item missing'];
  const path = logs.map((log) => log.toStatus);
  const illegal = findIllegalStep(path);
  if (illegal) problems.push(`log path ${path.join(' > ')} has an illegal step at ${illegal.index}`);
  logs.forEach((log, index) => {
    const previous = index === 0 ? null : (logs[index - 1]?.toStatus ?? null);
    if (log.fromStatus !== previous) {
      problems.push(`log ${index} says from ${log.fromStatus} but follows ${previous}`);
    }
    const before = logs[index - 1];
    if (before && log.attempt < before.attempt) {
      problems.push(`attempt went back from ${before.attempt} to ${log.attempt} at log ${index}`);
    }
  });
  const last = logs.at(-1);
  if (item.status !== last?.toStatus)
    problems.push(`item is ${item.status} but the last log is ${last?.toStatus}`);
  if (last && item.attempt !== last.attempt) {
    problems.push(`item attempt ${item.attempt} but the last log's attempt is ${last.attempt}`);
  }
  const count = (status: Status) => logs.filter((log) => log.toStatus === status).length;
  if (count(Status.SUCCEEDED) > 1) problems.push(`${count(Status.SUCCEEDED)} SUCCEEDED logs`);
  if (logs.filter((log) => isFinalStatus(log.toStatus)).length > 1) problems.push('more than one final log');
  if (count(Status.QUEUED) > 1) problems.push(`${count(Status.QUEUED)} QUEUED logs`);
  // Each acquire (QUEUED -> PROCESSING or a takeover) raises attempt by one and logs once.
  if (count(Status.PROCESSING) !== item.attempt) {
    problems.push(`attempt ${item.attempt} but ${count(Status.PROCESSING)} PROCESSING logs`);
  }

  const queuedLog = logs.find((log) => log.toStatus === Status.QUEUED);
  if (item.status !== Status.RECEIVED && item.resultCode !== 'FAILED_INGEST_ENQUEUE') {
    if (item.queuedAt === undefined) problems.push(`${item.status} without queuedAt`);
    else {
      if (queuedLog?.occurredAt !== item.queuedAt) {
        problems.push(`queuedAt ${item.queuedAt} differs from the QUEUED log at ${queuedLog?.occurredAt}`);
      }
      const keys = queuedIndexKeys({ ...item, queuedAt: item.queuedAt });
      if (item.GSI1SK !== keys.GSI1SK || item.GSI2SK !== keys.GSI2SK || item.GSI2PK !== keys.GSI2PK) {
        problems.push(`index keys ${item.GSI2PK} / ${item.GSI2SK} do not match queuedAt ${item.queuedAt}`);
      }
    }
  } else if (item.queuedAt !== undefined || item.GSI2SK !== undefined) {
    problems.push(`${item.status} carries queuedAt or index keys`);
  }

  const firstProcessing = logs.find((log) => log.toStatus === Status.PROCESSING);
  if (item.startedAt !== firstProcessing?.occurredAt) {
    problems.push(
      `startedAt ${item.startedAt} is not the first PROCESSING log (${firstProcessing?.occurredAt})`,
    );
  }
  if (item.startedAt !== undefined && item.startedAt < (item.queuedAt ?? Number.POSITIVE_INFINITY)) {
    problems.push(`startedAt ${item.startedAt} before queuedAt ${item.queuedAt}`);
  }
  if (isFinalStatus(item.status)) {
    if (item.finishedAt !== last?.occurredAt)
      problems.push(`finishedAt ${item.finishedAt} is not the final log`);
    if (item.leaseExpiresAt !== undefined) problems.push('a final request still carries a lease');
  }
  return problems;
}

/** Throws, naming every problem, unless the request is sound. */
export function expectSound(audit: RequestAudit, what = `request ${audit.requestId}`): void {
  const problems = auditProblems(audit);
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
}
