/**
 * LocalStack versions, pinned in one place (scripts/install-localstack.sh carries the same
 * numbers; a test checks they agree). The 2026 release needs Python 3.13; 4.9.2 is the last
 * release measured to serve every service we use on Python 3.11 (4.13 and 4.14 fail there).
 */
export const LOCALSTACK_HOST_RELEASES = [
  { python: '3.13', version: '2026.3.0', uploadedPriorTo: '2026-04-15T00:00:00Z' },
  { python: '3.11', version: '4.9.2', uploadedPriorTo: '2025-11-01T00:00:00Z' },
] as const;

/**
 * The official image for the Docker path. 4.9.2, the same release as the Python 3.11 host
 * install: the images after the 2026 consolidation want an account's auth token, which a
 * harness that needs no account must not depend on.
 */
export const LOCALSTACK_IMAGE = 'localstack/localstack:4.9.2';

/** The services the target takes from LocalStack (DynamoDB comes from ministack). */
export const LOCALSTACK_SERVICES = [
  'sqs',
  's3',
  'events',
  'firehose',
  'cloudwatch',
  'cloudformation',
  'iam',
  'sts',
] as const;
