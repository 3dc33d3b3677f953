/**
 * Reads what the analytics pipeline delivered: every object under events/ (error objects apart),
 * split into lines, each line expected to be exactly one JSON object.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { AnalyticsDelivery } from '../../invariants/history';
import type { AwsClients } from '../../services/aws/clients';

export async function listKeys(clients: AwsClients, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await clients.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(ContinuationToken ? { ContinuationToken } : {}),
      }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}

export async function readAnalyticsDelivery(
  clients: AwsClients,
  bucket: string,
  options: { prefix: string; errorPrefix: string },
): Promise<AnalyticsDelivery> {
  const keys = await listKeys(clients, bucket, options.prefix);
  const errorObjectKeys = keys.filter((key) => key.startsWith(options.errorPrefix));
  const objectKeys = keys.filter((key) => !key.startsWith(options.errorPrefix));
  const records: { key: string; detail: Record<string, unknown> }[] = [];
  const malformedLines: { key: string; line: string }[] = [];
  for (const key of objectKeys) {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const detail = parseObject(line);
      if (detail) records.push({ key, detail });
      else malformedLines.push({ key, line: line.slice(0, 300) });
    }
  }
  return { records, objectKeys, malformedLines, errorObjectKeys };
}

function parseObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
