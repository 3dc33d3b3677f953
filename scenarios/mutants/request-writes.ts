/**
 * The two ways a mutant changes the reference's writes, both built on the reference's own items
 * (services/aws/request-items), so that a mutant is "the reference with one change" and the
 * checkers must find it by its behaviour, not by a malformed item:
 *
 *   createWithItems         the create transaction with some of its items left out or altered
 *   queuedWriteWith         RECEIVED -> QUEUED with other fields or another condition
 *   rewritingTransactions   the reference store on a client that alters some transaction items
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AwsClients } from '../../services/aws/clients';
import { receivedItems, type TransitionParts } from '../../services/aws/request-items';
import { DynamoRequestStore } from '../../services/aws/request-store';
import { sendTransition } from '../../services/aws/send-transition';
import { type RequestItem, Status } from '../../services/common';
import type { CreateOutcome, IngestStore, NewRequest } from '../../services/ingest/ports';
import type { IngestOverrides } from '../../services/ingest/server';
import { overrideMethods } from './override-methods';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How an ingest mutant changes the reference store (on the stage's or the process's table). */
export type IngestStoreWrapper = (
  reference: IngestStore,
  clients: AwsClients,
  tableName: string,
) => IngestStore;

/**
 * The reference's create transaction made of the items `pick` returns (the lock, the request, its
 * log and the outbox entry, as the reference builds them): sent as they are, and answered as
 * created whatever they wrote.
 */
export async function createWithItems(
  clients: AwsClients,
  tableName: string,
  request: NewRequest,
  pick: (items: ReturnType<typeof receivedItems>) => TransactItem[],
): Promise<CreateOutcome> {
  const items = receivedItems(tableName, request);
  await clients.documents.send(new TransactWriteCommand({ TransactItems: pick(items) }));
  return { kind: 'created', request: items.item };
}

/** The reference's QUEUED transition (update, log, outbox delete), with the mutant's change. */
export function queuedWriteWith(
  change: (request: RequestItem, queuedAt: number) => Omit<TransitionParts, 'leavesOutbox'>,
): IngestStoreWrapper {
  return (reference, clients, tableName) =>
    overrideMethods(reference, {
      markQueued: () => (request, queuedAt) =>
        sendTransition(clients.documents, tableName, request, Status.QUEUED, queuedAt, {
          ...change(request, queuedAt),
          leavesOutbox: true,
        }),
    });
}

/** The overrides an ingest process of the mutant starts with (scenarios/mutants/ingest-main.ts). */
export function ingestWith(wrap: IngestStoreWrapper) {
  return (clients: AwsClients, tableName: string): IngestOverrides => ({
    store: wrap(new DynamoRequestStore(clients, tableName), clients, tableName),
  });
}

/**
 * The clients with a DynamoDB document client that passes every TransactWriteItems item through
 * `rewrite` before sending it; every other call goes through untouched.
 */
export function rewritingTransactions(
  clients: AwsClients,
  rewrite: (item: TransactItem) => TransactItem,
): AwsClients {
  const documents = new Proxy(clients.documents, {
    get(inner, property, receiver) {
      if (property !== 'send') return Reflect.get(inner, property, receiver);
      return (command: unknown, ...rest: unknown[]) => {
        const send = inner.send.bind(inner) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;
        if (!(command instanceof TransactWriteCommand)) return send(command, ...rest);
        const TransactItems = (command.input.TransactItems ?? []).map(rewrite);
        return send(new TransactWriteCommand({ ...command.input, TransactItems }), ...rest);
      };
    },
  });
  return { ...clients, documents };
}
