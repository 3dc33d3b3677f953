/**
 * The seat race: the worker's FIRST_COME transaction (conditional decrement of the event's
 * capacity + the request's conditional PROCESSING -> SUCCEEDED) from many clients at once.
 * Exactly `capacity` must succeed and capacityRemaining end at 0, every round. An engine that
 * loses an update or answers 500 under concurrency is disqualified: the harness would blame the
 * services for the engine's race.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { withCheckItem } from '../check-table';
import { type EngineCheck, type EngineContext, errorName, expectEngine } from '../engine-check';

export interface SeatRaceShape {
  readonly capacity: number;
  readonly clients: number;
  readonly requests: number;
  readonly rounds: number;
}

export const SEAT_RACE: SeatRaceShape = { capacity: 50, clients: 32, requests: 200, rounds: 3 };

interface RoundResult {
  readonly seated: number;
  readonly rejected: number;
  readonly otherErrors: readonly string[];
  readonly succeededItems: number;
  readonly capacityRemaining: unknown;
}

export function seatRaceCheck(shape: SeatRaceShape = SEAT_RACE): EngineCheck {
  return {
    name: 'seat-race',
    requirement: `capacity ${shape.capacity}, ${shape.clients} concurrent clients, ${shape.requests} seat transactions: exactly ${shape.capacity} succeed, ${shape.rounds} rounds in a row`,
    async run(context) {
      for (let round = 1; round <= shape.rounds; round++) {
        const result = await raceOnce(context, shape, round);
        const where = `round ${round}/${shape.rounds}`;
        expectEngine(
          result.otherErrors.length === 0,
          `${where}: the engine answered ${result.otherErrors.length} error(s) other than a cancelled condition under concurrency (first: ${result.otherErrors[0]})`,
          result,
        );
        expectEngine(
          result.seated === shape.capacity && result.succeededItems === shape.capacity,
          `${where}: ${result.seated} seat transactions succeeded and ${result.succeededItems} requests are SUCCEEDED for capacity ${shape.capacity}`,
          result,
        );
        expectEngine(
          result.capacityRemaining === 0,
          `${where}: capacityRemaining ended at ${String(result.capacityRemaining)}, expected 0`,
          result,
        );
      }
    },
  };
}

async function raceOnce(context: EngineContext, shape: SeatRaceShape, round: number): Promise<RoundResult> {
  const seed = {
    key: { PK: 'EVENT#RACE', SK: 'CAPACITY' },
    attributes: { capacityRemaining: shape.capacity },
  };
  return withCheckItem(context, `race${round}`, seed, async ({ tableName, key: capacityKey, read }) => {
    const ids = Array.from({ length: shape.requests }, (_, i) => `r${i}`);
    for (let i = 0; i < ids.length; i += 25) {
      await context.documents.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: ids.slice(i, i + 25).map((id) => ({
              PutRequest: { Item: { PK: `REQ#${id}`, SK: 'META', status: 'PROCESSING', attempt: 1 } },
            })),
          },
        }),
      );
    }
    let seated = 0;
    let rejected = 0;
    const otherErrors: string[] = [];
    let next = 0;
    const client = async () => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        try {
          await context.documents.send(seatTransaction(tableName, capacityKey, id));
          seated++;
        } catch (err) {
          const codes =
            err instanceof TransactionCanceledException
              ? (err.CancellationReasons ?? []).map((reason) => reason.Code)
              : [];
          if (codes[0] === 'ConditionalCheckFailed') rejected++;
          else otherErrors.push(`${errorName(err)}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: shape.clients }, client));
    const item = await read();
    return {
      seated,
      rejected,
      otherErrors,
      succeededItems: await countSucceeded(context, tableName),
      capacityRemaining: item?.capacityRemaining,
    };
  });
}

function seatTransaction(tableName: string, capacityKey: Record<string, string>, requestId: string) {
  return new TransactWriteCommand({
    TransactItems: [
      {
        Update: {
          TableName: tableName,
          Key: capacityKey,
          UpdateExpression: 'SET capacityRemaining = capacityRemaining - :one',
          ConditionExpression: 'capacityRemaining > :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: { PK: `REQ#${requestId}`, SK: 'META' },
          UpdateExpression: 'SET #s = :succeeded',
          ConditionExpression: '#s = :processing AND attempt = :attempt',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':succeeded': 'SUCCEEDED',
            ':processing': 'PROCESSING',
            ':attempt': 1,
          },
        },
      },
    ],
  });
}

async function countSucceeded(context: EngineContext, tableName: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await context.documents.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: '#s = :succeeded',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':succeeded': 'SUCCEEDED' },
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
