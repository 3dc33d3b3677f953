/**
 * Where the AWS calls go: the embedded emulators, LocalStack or a real account. Endpoints use the
 * standard AWS_ENDPOINT_URL_<SERVICE> variables, so any AWS tool can be pointed at the same stack.
 */
export interface AwsTarget {
  readonly region: string;
  /** Absent for real AWS: the default credential chain is used. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly endpoints: {
    readonly dynamodb?: string;
    readonly sqs?: string;
    readonly s3?: string;
    readonly eventbridge?: string;
    readonly cloudwatch?: string;
  };
}

const ENDPOINT_VARIABLES = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  s3: 'AWS_ENDPOINT_URL_S3',
  eventbridge: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
} as const;

/** The environment variables that point a process (or the aws CLI) at this target. */
export function targetToEnvironment(target: AwsTarget): Record<string, string> {
  const env: Record<string, string> = { AWS_REGION: target.region, AWS_DEFAULT_REGION: target.region };
  if (target.credentials) {
    env.AWS_ACCESS_KEY_ID = target.credentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = target.credentials.secretAccessKey;
  }
  for (const [service, variable] of Object.entries(ENDPOINT_VARIABLES)) {
    const url = target.endpoints[service as keyof typeof ENDPOINT_VARIABLES];
    if (url) env[variable] = url;
  }
  return env;
}

/** Reads a target back from such variables (used by main.ts files only). */
export function targetFromEnvironment(env: Readonly<Record<string, string | undefined>>): AwsTarget {
  const endpoints: Record<string, string> = {};
  for (const [service, variable] of Object.entries(ENDPOINT_VARIABLES)) {
    const url = env[variable] ?? env.AWS_ENDPOINT_URL;
    if (url) endpoints[service] = url;
  }
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    endpoints,
  };
}
