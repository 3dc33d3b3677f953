/**
 * The nemesis catalog (like Jepsen's): each scenario names a fault, where it is injected, when,
 * and how it heals. The runner applies it during load and checks that every invariant still holds.
 */
import type { Fault } from '../../stack/embedded/fault-proxy';

export type ProxiedService = 'dynamodb' | 'sqs' | 'eventbridge';

/** A fault applied to the proxies of one or both services for a window of the run. */
export interface ProxyFault {
  readonly kind: 'proxy';
  readonly services: readonly ('ingest' | 'worker')[];
  readonly endpoint: ProxiedService;
  readonly fault: Fault;
}

/** The first worker runs with a crash point; when it has died, a healthy one takes over. */
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

export type Nemesis = ProxyFault | WorkerCrash | PoisonMessages;

export interface ChaosScenario {
  readonly name: string;
  readonly description: string;
  readonly nemesis: Nemesis;
  /** The fault starts this long after the load and lasts this long (proxy faults). */
  readonly faultAfterMs: number;
  readonly faultForMs: number;
  /** In the CI catalog (the short form that `make test` runs). */
  readonly ci: boolean;
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
  },
  {
    name: 'worker-crash',
    description: 'the worker is SIGKILLed right after acquiring a request, then restarted',
    nemesis: { kind: 'worker-crash', crashAt: 'after-acquire', afterPasses: 5 },
    faultAfterMs: 0,
    faultForMs: 0,
    ci: true,
  },
  {
    name: 'worker-crash-after-seat',
    description: 'the worker is SIGKILLed after the seat transaction, before the delete, then restarted',
    nemesis: { kind: 'worker-crash', crashAt: 'after-capacity-transaction', afterPasses: 5 },
    faultAfterMs: 0,
    faultForMs: 0,
    ci: false,
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
  },
  {
    name: 'poison-messages',
    description: 'bad JSON, a wrong schema and an unknown requestId arrive among the real messages',
    nemesis: { kind: 'poison', count: 3 },
    faultAfterMs: 1_000,
    faultForMs: 0,
    ci: true,
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
  },
  {
    name: 'queue-unreachable',
    description: 'the queue refuses ingest for 6 s: 503 + Retry-After, healed by retries and the sweep',
    nemesis: { kind: 'proxy', services: ['ingest'], endpoint: 'sqs', fault: { kind: 'down' } },
    ...PROXY_WINDOW,
    ci: true,
  },
  {
    name: 'eventbridge-unreachable',
    description: 'EventBridge refuses the worker: publishing is swallowed, statuses and deletes unchanged',
    nemesis: { kind: 'proxy', services: ['worker'], endpoint: 'eventbridge', fault: { kind: 'down' } },
    ...PROXY_WINDOW,
    ci: false,
  },
];
