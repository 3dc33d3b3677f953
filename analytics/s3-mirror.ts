/**
 * Copies the objects under an S3 prefix into a local folder with the same key layout, so a
 * local engine can read events/dt=.../hour=.../ as Athena reads it from the bucket. DuckDB's
 * httpfs extension would read s3:// itself, but it is not available offline.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';

export interface MirrorOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Ends with '/', for example 'events/'. */
  readonly prefix: string;
  readonly targetDir: string;
  /** Keys under these prefixes are left out (Firehose's events/error/ records). */
  readonly skipPrefixes?: readonly string[];
  /** ListObjectsV2 MaxKeys; S3 caps it at 1000. */
  readonly pageSize?: number;
  readonly concurrency?: number;
}

export interface MirrorReport {
  readonly keys: readonly string[];
  readonly skipped: number;
}

/**
 * Replaces targetDir/<prefix> with the current objects, so an object deleted from the bucket
 * disappears from the mirror too.
 */
export async function mirrorPrefix(options: MirrorOptions): Promise<MirrorReport> {
  const { s3, bucket, prefix, targetDir } = options;
  await rm(mirrorPath(targetDir, prefix), { recursive: true, force: true });
  const keys: string[] = [];
  let skipped = 0;
  const pages = paginateListObjectsV2(
    { client: s3, pageSize: options.pageSize ?? 1000 },
    { Bucket: bucket, Prefix: prefix },
  );
  for await (const page of pages) {
    const wanted = (page.Contents ?? []).flatMap((object) => {
      const key = object.Key;
      if (key === undefined || key.endsWith('/')) return []; // folder markers hold no rows
      if (options.skipPrefixes?.some((skip) => key.startsWith(skip))) {
        skipped++;
        return [];
      }
      return [key];
    });
    await forEachLimited(wanted, options.concurrency ?? 8, (key) =>
      downloadObject(s3, bucket, key, targetDir),
    );
    keys.push(...wanted);
  }
  return { keys, skipped };
}

async function downloadObject(s3: S3Client, bucket: string, key: string, targetDir: string): Promise<void> {
  const path = mirrorPath(targetDir, key);
  await mkdir(dirname(path), { recursive: true });
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (Body instanceof Readable) await pipeline(Body, createWriteStream(path));
  else await writeFile(path, Body ? await Body.transformToByteArray() : new Uint8Array());
}

/** The local path of a key; a key that would climb out of the folder (../) is refused. */
export function mirrorPath(targetDir: string, key: string): string {
  const root = resolve(targetDir);
  const path = resolve(join(root, key));
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    throw new RangeError(`S3 key ${JSON.stringify(key)} does not map to a path inside ${root}`);
  }
  return path;
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(lanes);
}
