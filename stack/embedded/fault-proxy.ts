/**
 * A fault-injecting HTTP proxy in front of an emulator (ministack, fauxqs, moto): the
 * nemesis of the chaos runs. With no fault it forwards every request untouched; with one it
 * answers throttling or 5xx errors in the service's own error format, adds latency, refuses
 * connections, or forwards a request and then drops the answer (the write happened, the client
 * never learns it did: the fault that tests idempotency for real). It also cancels DynamoDB
 * transactions with TransactionConflict, which real DynamoDB answers under contention and the
 * embedded engine (one request at a time) never does: the services' conflict paths need it.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Random } from '../../services/common/seeded-random';

export type Fault =
  | { readonly kind: 'throttle'; readonly rate: number }
  | { readonly kind: 'server-error'; readonly rate: number }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'drop-answer'; readonly rate: number }
  /** A share of TransactWriteItems is cancelled with TransactionConflict on one of its items. */
  | { readonly kind: 'transaction-conflict'; readonly rate: number }
  /** Each request is sent `copies` times: in front of SQS, every message is delivered that often. */
  | { readonly kind: 'duplicate'; readonly copies: number }
  | { readonly kind: 'down' };

export interface FaultProxyStats {
  forwarded: number;
  throttled: number;
  serverErrors: number;
  delayed: number;
  droppedAnswers: number;
  duplicated: number;
  refused: number;
  conflicts: number;
}

export interface StartedFaultProxy {
  readonly url: string;
  readonly stats: Readonly<FaultProxyStats>;
  setFault(fault: Fault | undefined): void;
  stop(): Promise<void>;
}

// The seeded generator lives in the contract, so that the synthetic histories can share it.
export { type Random, seededRandom } from '../../services/common/seeded-random';

/** The counters of a proxy that has seen nothing yet. */
export function emptyFaultProxyStats(): FaultProxyStats {
  return {
    forwarded: 0,
    throttled: 0,
    serverErrors: 0,
    delayed: 0,
    droppedAnswers: 0,
    duplicated: 0,
    refused: 0,
    conflicts: 0,
  };
}

export async function startFaultProxy(options: {
  target: string;
  random: Random;
}): Promise<StartedFaultProxy> {
  const target = new URL(options.target);
  const stats = emptyFaultProxyStats();
  let fault: Fault | undefined;
  const sockets = new Set<Socket>();

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onAnswer: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void,
    onError: (err: Error) => void,
  ) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
      },
    );
    upstream.on('error', onError);
    upstream.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const current = fault;
    if (current?.kind === 'throttle' && options.random() < current.rate) {
      stats.throttled++;
      return awsError(
        res,
        400,
        'ProvisionedThroughputExceededException',
        'Rate of requests exceeds the allowed throughput (injected)',
      );
    }
    if (current?.kind === 'server-error' && options.random() < current.rate) {
      stats.serverErrors++;
      return awsError(res, 500, 'InternalServerError', 'internal server error (injected)');
    }
    if (current?.kind === 'transaction-conflict' && isTransactWrite(req) && options.random() < current.rate) {
      const items = transactItemCount(body);
      if (items > 0) {
        stats.conflicts++;
        return transactionConflict(res, items, Math.floor(options.random() * items));
      }
    }
    if (current?.kind === 'latency') {
      stats.delayed++;
      await new Promise((resolve) => setTimeout(resolve, current.ms));
    }
    if (current?.kind === 'duplicate') {
      for (let copy = 1; copy < current.copies; copy++) {
        stats.duplicated++;
        forward(
          req,
          body,
          () => {},
          () => {},
        );
      }
    }
    const dropAnswer = current?.kind === 'drop-answer' && options.random() < current.rate;
    forward(
      req,
      body,
      (status, headers, data) => {
        stats.forwarded++;
        if (dropAnswer) {
          // The emulator has done the work; the client sees its connection die instead of the answer.
          stats.droppedAnswers++;
          req.socket.destroy();
          return;
        }
        res.writeHead(status, headers);
        res.end(data);
      },
      () => awsError(res, 502, 'ServiceUnavailable', 'the proxied emulator did not answer'),
    );
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    if (fault?.kind === 'down') {
      stats.refused++;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setFault(next) {
      fault = next;
      // A service that "goes down" also loses the connections it had open.
      if (next?.kind === 'down') for (const socket of sockets) socket.destroy();
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isTransactWrite(req: IncomingMessage): boolean {
  return String(req.headers['x-amz-target'] ?? '').endsWith('.TransactWriteItems');
}

function transactItemCount(body: Buffer): number {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { TransactItems?: unknown[] };
    return Array.isArray(parsed.TransactItems) ? parsed.TransactItems.length : 0;
  } catch {
    return 0;
  }
}

/**
 * What DynamoDB answers when another transaction holds one of the items: the whole transaction
 * is cancelled, with TransactionConflict at that item's position and None at the others.
 */
function transactionConflict(res: ServerResponse, items: number, conflicted: number): void {
  const reasons = Array.from({ length: items }, (_, i) =>
    i === conflicted
      ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item (injected)' }
      : { Code: 'None' },
  );
  const codes = reasons.map((reason) => reason.Code).join(', ');
  awsError(
    res,
    400,
    'TransactionCanceledException',
    `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    { CancellationReasons: reasons },
  );
}

/** Errors in the AWS JSON protocol shape, which the SDK classifies by name like the real ones. */
function awsError(
  res: ServerResponse,
  status: number,
  name: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message, ...extra });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': name,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
