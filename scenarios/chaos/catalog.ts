/**
 * The nemesis catalog (like Jepsen's): each scenario names a fault, where it is injected, when,
 * and how it heals. The runner applies it during load and checks that every invariant still holds.
 */
import type { LegitimateFailure } from '../../invariants';
import type { Fault } from '../../stack/embedded/fault-proxy';
import type { Expectation } from './expectations';

export type ProxiedService = 'dynamodb' | 'sqs' | 'eventbridge';

/** A fault applied to the proxies of one or both services for a window of the run. */
export interface ProxyFault {
  readonly kind: 'proxy';
  readonly services: readonly ('ingest' | 'worker')[];
  readonly endpoint: ProxiedService;
  readonly fault: Fault;
}

/**
 * The first worker runs with a crash point (scenarios/chaos/processes/crashing-worker-main.ts);
 * when it has died, a healthy one takes over.
 */
export interface WorkerCrash {
  readonly kind: 'worker-crash';
  readonly crashAt: 'after-acquire' | 'after-capacity-transaction';
  readonly afterPasses: number;
}

/** Messages the worker can never process: bad JSON, a wrong schema, an unknown requestId. */
export interface PoisonMessages {
  readonly kind: 'poison';
  readonly count: number;
}

/**
 * Jepsen's kill nemesis: SIGKILL ingest and the workers at seeded random moments during the load,
 * restart each after a seeded random pause, for the whole fault window. Needs nothing from the
 * services but their processes; ingest comes back on the same port.
 */
export interface ProcessKills {
  readonly kind: 'kill';
  readonly workers: number;
  /** A kill every intervalMs[0]..intervalMs[1] ms, each process down for pauseMs[0]..pauseMs[1]. */
  readonly intervalMs: readonly [number, number];
  readonly pauseMs: readonly [number, number];
}

export type Nemesis = ProxyFault | WorkerCrash | PoisonMessages | ProcessKills;

export interface ChaosScenario {
  readonly name: string;
  readonly description: string;
  readonly nemesis: Nemesis;
  /** The fault starts this long after the load and lasts this long (proxy faults). */
  readonly faultAfterMs: number;
  readonly faultForMs: number;
  /** In the CI catalog (the short form that `make test` runs). */
  readonly ci: boolean;
  /** What the fault must visibly cause; a run that shows none of it is unknown, not a pass. */
  readonly expects: readonly Expectation[];
  /** What the fault may legitimately fail (I12); every other FAILED_FINAL is a violation. */
  readonly mayFail?: readonly LegitimateFailure[];
  /** How often a client retries a 5xx or an unanswered participation (default 2). */
  readonly clientRetries?: number;
}

const PROXY_WINDOW = { faultAfterMs: 2_000, faultForMs: 6_000 };

export const CHAOS_CATALOG: readonly ChaosScenario[] = [
  {
    name: 'duplicate-deliveries',
    description: 'every message ingest sends is delivered three times',
    nemesis: {
      kind: 'proxy',
      services: ['ingest'],
      endpoint: 'sqs',
      fault: { kind: 'duplicate', copies: 3 },
    },
    ...PROXY_WINDOW,
    ci: true,
    expects: [{ kind: 'proxy', counter: 'duplicated', atLeast: 1 }],
  },
  {
    name: 'worker-crash',
    description: 'the worker is SIGKILLed right after acquiring a request, then restarted',
    nemesis: { kind: 'worker-crash', crashAt: 'after-acquire', afterPasses: 5 },
    faultAfterMs: 0,
    faultForMs: 0,
    ci: true,
    expects: [{ kind: 'crash-reached' }, { kind: 'takeovers', atLeast: 1 }],
  },
  {
    name: 'worker-crash-after-seat',
    description: 'the worker is SIGKILLed after the seat transaction, before the delete, then restarted',
    nemesis: { kind: 'worker-crash', crashAt: 'after-capacity-transaction', afterPasses: 5 },
    faultAfterMs: 0,
    faultForMs: 0,
    ci: false,
    expects: [{ kind: 'crash-reached' }],
  },
  {
    name: 'slow-handler',
    description:
      'every DynamoDB call of the worker takes 1.5 s more: handlers outlive the visibility timeout',
    nemesis: {
      kind: 'proxy',
      services: ['worker'],
      endpoint: 'dynamodb',
      fault: { kind: 'latency', ms: 1_500 },
    },
    ...PROXY_WINDOW,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'delayed', atLeast: 1 }],
  },
  {
    name: 'poison-messages',
    description: 'bad JSON, a wrong schema and an unknown requestId arrive among the real messages',
    nemesis: { kind: 'poison', count: 3 },
    faultAfterMs: 1_000,
    faultForMs: 0,
    ci: true,
    expects: [{ kind: 'dead-letters', atLeast: 3 }],
  },
  {
    name: 'dynamodb-throttling',
    description: '30% of DynamoDB calls of ingest and worker answer ProvisionedThroughputExceeded',
    nemesis: {
      kind: 'proxy',
      services: ['ingest', 'worker'],
      endpoint: 'dynamodb',
      fault: { kind: 'throttle', rate: 0.3 },
    },
    ...PROXY_WINDOW,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'throttled', atLeast: 1 }],
  },
  {
    name: 'dynamodb-5xx',
    description: '20% of DynamoDB calls of ingest and worker answer 500 InternalServerError',
    nemesis: {
      kind: 'proxy',
      services: ['ingest', 'worker'],
      endpoint: 'dynamodb',
      fault: { kind: 'server-error', rate: 0.2 },
    },
    ...PROXY_WINDOW,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'serverErrors', atLeast: 1 }],
  },
  {
    name: 'dynamodb-lost-answers',
    description: '10% of DynamoDB answers are dropped after the write happened (connection reset)',
    nemesis: {
      kind: 'proxy',
      services: ['ingest', 'worker'],
      endpoint: 'dynamodb',
      fault: { kind: 'drop-answer', rate: 0.1 },
    },
    ...PROXY_WINDOW,
    ci: true,
    expects: [{ kind: 'proxy', counter: 'droppedAnswers', atLeast: 1 }],
  },
  {
    name: 'dynamodb-transaction-conflicts',
    description:
      '30% of the transactions of ingest and worker are cancelled with TransactionConflict, as real DynamoDB does under contention',
    nemesis: {
      kind: 'proxy',
      services: ['ingest', 'worker'],
      endpoint: 'dynamodb',
      fault: { kind: 'transaction-conflict', rate: 0.3 },
    },
    ...PROXY_WINDOW,
    ci: true,
    expects: [{ kind: 'proxy', counter: 'conflicts', atLeast: 1 }],
  },
  {
    name: 'queue-unreachable',
    description: 'the queue refuses ingest for 6 s: 503 + Retry-After, healed by retries and the sweep',
    nemesis: { kind: 'proxy', services: ['ingest'], endpoint: 'sqs', fault: { kind: 'down' } },
    ...PROXY_WINDOW,
    ci: true,
    expects: [
      { kind: 'proxy', counter: 'refused', atLeast: 1 },
      { kind: 'http-status', status: 503, atLeast: 1 },
    ],
    mayFail: [
      {
        reason: 'the sweep gives up on a request it could not enqueue',
        resultCodes: ['FAILED_INGEST_ENQUEUE'],
      },
    ],
  },
  {
    name: 'eventbridge-unreachable',
    description: 'EventBridge refuses the worker: publishing is swallowed, statuses and deletes unchanged',
    nemesis: { kind: 'proxy', services: ['worker'], endpoint: 'eventbridge', fault: { kind: 'down' } },
    ...PROXY_WINDOW,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'refused', atLeast: 1 }],
  },
  {
    name: 'process-kills',
    description: 'ingest and two workers are SIGKILLed at random moments and restarted after a random pause',
    nemesis: { kind: 'kill', workers: 2, intervalMs: [700, 1_600], pauseMs: [200, 900] },
    ...PROXY_WINDOW,
    ci: true,
    expects: [{ kind: 'kills', atLeast: 3 }],
    clientRetries: 8,
  },
  {
    name: 'partition-worker-dynamodb',
    description: 'the workers lose DynamoDB for 3 s (connections refused), then it comes back',
    nemesis: { kind: 'proxy', services: ['worker'], endpoint: 'dynamodb', fault: { kind: 'down' } },
    faultAfterMs: 2_000,
    faultForMs: 3_000,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'refused', atLeast: 1 }],
  },
  {
    name: 'partition-ingest-dynamodb',
    description: 'ingest loses DynamoDB for 3 s: 503s, nothing accepted is lost',
    nemesis: { kind: 'proxy', services: ['ingest'], endpoint: 'dynamodb', fault: { kind: 'down' } },
    faultAfterMs: 2_000,
    faultForMs: 3_000,
    ci: false,
    expects: [{ kind: 'proxy', counter: 'refused', atLeast: 1 }],
    clientRetries: 8,
  },
];
