import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/**
 * CloudFormation cannot delete a bucket that holds objects: destroy empties it first, a page of
 * up to 1,000 keys at a time. Answers how many objects it deleted (or, on a dry run, would).
 */
export async function emptyBucket(s3: S3Client, bucket: string, { dryRun = false } = {}): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }),
    );
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
    if (keys.length > 0 && !dryRun) {
      const { Errors = [] } = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
      );
      if (Errors.length > 0)
        throw new Error(
          `could not delete ${Errors.length} object(s) of ${bucket}, e.g. ${Errors[0]?.Key}: ${Errors[0]?.Message}`,
        );
    }
    count += keys.length;
    // On a dry run nothing is deleted, so the listing must page on instead of starting over.
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}
