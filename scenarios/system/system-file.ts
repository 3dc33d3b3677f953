/**
 * The description of a system under test (spec section 7): everything the harness needs to know
 * to verify an implementation it did not write, through public surfaces only. Given as a JSON
 * file (`--system path/to/system.json`, `SYSTEM=` for make) and validated at start with every
 * problem listed. What a system lacks turns the checks that need it into unknown, with the reason.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const Command = z.string().min(1, 'a command line');

const TokensByLogin = z.object({
  kind: z.literal('login'),
  /** POSTed with the body below; `{userId}` anywhere in a string value is the user. */
  path: z.string().startsWith('/').default('/auth/login'),
  body: z.record(z.string(), z.unknown()).default({ userId: '{userId}' }),
  /** Where the token is in the answer, as a dotted path. */
  tokenField: z.string().min(1).default('accessToken'),
});

const TokensBySigning = z.object({
  kind: z.literal('sign'),
  algorithm: z.literal('HS256'),
  /** The shared secret, or `env:NAME` to read it from the harness's environment. */
  secret: z.string().min(1),
  subjectClaim: z.string().min(1).default('sub'),
  roleClaim: z.string().min(1).default('role'),
  issuer: z.string().optional(),
  audience: z.string().optional(),
  ttlSeconds: z.number().int().positive().default(3600),
});

const TokensByCommand = z.object({
  kind: z.literal('command'),
  /** Prints one token on stdout; `{userId}` is replaced (shell-quoted). */
  command: Command,
});

const WorkerControl = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded') }),
  z.object({
    kind: z.literal('commands'),
    /** Starts one worker in the background and returns; each start may run another one. */
    start: Command,
    /** Stops every worker gracefully (SIGTERM semantics). */
    stop: Command,
    /** Kills every worker at once (SIGKILL semantics), for the crash scenarios. */
    kill: Command.optional(),
    /**
     * Starts one worker whose EventBridge endpoint is unreachable (G1's swallow sub-run); without
     * it the swallow check is unknown.
     */
    startEventBridgeUnreachable: Command.optional(),
  }),
  z.object({ kind: z.literal('manual') }),
]);

export const SystemFileSchema = z
  .object({
    name: z.string().min(1),
    ingest: z.object({
      baseUrl: z.url(),
      /** Starts and stops ingest, for the kill nemesis (optional: without it, ingest is never killed). */
      start: Command.optional(),
      kill: Command.optional(),
      /** Stops ingest at the end of the run, when the harness started it. */
      stop: Command.optional(),
    }),
    tokens: z.discriminatedUnion('kind', [TokensByLogin, TokensBySigning, TokensByCommand]),
    aws: z.object({
      region: z.string().min(1).default('us-east-1'),
      /** Absent: the default credential chain and AWS's own endpoints. */
      endpoints: z
        .object({
          dynamodb: z.url().optional(),
          sqs: z.url().optional(),
          s3: z.url().optional(),
          eventbridge: z.url().optional(),
          cloudwatch: z.url().optional(),
        })
        .optional(),
      credentials: z
        .object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) })
        .optional(),
      /**
       * The ingest and worker start commands take AWS_ENDPOINT_URL_<SERVICE> from their
       * environment: the harness may then put fault proxies in front of the endpoints above (the
       * chaos scenarios of conformance mode). Needs `endpoints` and `ingest.start`.
       */
      endpointsFromEnvironment: z.boolean().default(false),
    }),
    resources: z.object({
      table: z.string().min(1),
      mainQueueUrl: z.url(),
      deadLetterQueueUrl: z.url(),
      maxReceiveCount: z.number().int().min(1).max(1000),
      visibilityTimeoutSeconds: z.number().int().positive().optional(),
      bucket: z.string().min(1).optional(),
      prefix: z.string().default('events/'),
      errorPrefix: z.string().default('events/error/'),
      /** The delivery stream's buffering: the harness waits this long (and a little) for the last objects. */
      bufferingSeconds: z.number().int().min(0).max(900).default(60),
      athena: z
        .object({ database: z.string(), workgroup: z.string(), outputLocation: z.string() })
        .optional(),
    }),
    worker: WorkerControl,
    /** The surfaces the system has; every one absent makes the checks that need it unknown. */
    surfaces: z
      .object({
        statusLogs: z.boolean().default(true),
        adminRoutes: z.boolean().default(true),
        me: z.boolean().default(true),
        analytics: z.boolean().default(false),
      })
      .default({ statusLogs: true, adminRoutes: true, me: true, analytics: false }),
    /** Where answers differ from the spec's shapes (dotted paths), declared here and never in code. */
    answers: z
      .object({
        /** The requestId in the 202 body. */
        requestId: z.string().default('requestId'),
        /** Fields the 202 body may carry besides the requestId (the spec allows none). */
        extra202Fields: z.array(z.string()).default([]),
        /** Where the request read's timestamps are: '' for top level, or e.g. 'timestamps'. */
        timestamps: z.string().default(''),
      })
      .default({ requestId: 'requestId', extra202Fields: [], timestamps: '' }),
    /** Where the worker counts EventBridge misses (the swallow policy); absent: not read, unknown. */
    metrics: z
      .object({
        publishFailures: z.object({
          namespace: z.string().min(1),
          name: z.string().min(1),
          dimensions: z.array(z.object({ Name: z.string().min(1), Value: z.string() })).default([]),
        }),
      })
      .optional(),
    /** How far the system's clocks may disagree with the harness's (I11). */
    clockSkewMs: z.number().int().min(0).default(0),
  })
  .strict();

export type SystemFile = z.infer<typeof SystemFileSchema>;

export class SystemFileError extends Error {
  readonly code = 'SYSTEM_FILE_INVALID';
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`${path}: the system description is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SystemFileError';
  }
}

/** Parses a system description, listing every problem with its path; `env:NAME` values stay. */
export function parseSystemFile(text: string, path: string): SystemFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SystemFileError(path, [`not JSON: ${(err as Error).message}`]);
  }
  const result = SystemFileSchema.safeParse(json);
  if (!result.success) {
    throw new SystemFileError(
      path,
      result.error.issues.map(
        (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`,
      ),
    );
  }
  return result.data;
}

export function readSystemFile(path: string): { system: SystemFile; folder: string } {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (err) {
    throw new SystemFileError(path, [`cannot be read: ${(err as Error).message}`]);
  }
  return { system: parseSystemFile(text, path), folder: dirname(absolute) };
}
