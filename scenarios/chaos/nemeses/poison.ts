/**
 * Poison among the real messages, through the system's public surfaces: wrong-schema bodies for
 * real requests (made through ingest before the workers start, their messages held: g1/poison.ts),
 * one body that is not JSON, and one well-formed message naming a request that does not exist
 * (declared, so that the orphan check excuses it and nothing else), all sent mid-load.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { type HeldPoison, preparePoison, sendPoison } from '../../g1/poison';
import type { PoisonMessages } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export function poison(context: NemesisContext, messages: PoisonMessages, eventId: string): Nemesis {
  const { system, progress } = context;
  let held: HeldPoison | undefined;
  return {
    prepare: async () => {
      held = await preparePoison(system, eventId, messages.count - 2, context.runTag);
      await system.worker.start();
    },
    fire: async () => {
      await sleep(context.scenario.faultAfterMs);
      const from = Date.now();
      if (held) await sendPoison(system, held);
      const send = (body: string) =>
        system.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: system.resources.mainQueueUrl, MessageBody: body }),
        );
      await send('{not json');
      const ghost = randomUUID();
      await send(
        JSON.stringify({
          schemaVersion: 1,
          requestId: ghost,
          eventId,
          userId: 'ghost',
          eventType: 'FIRST_COME',
          requestedAt: Date.now(),
        }),
      );
      const wrongSchema = held?.requestIds ?? [];
      progress.say(
        `poison: ${wrongSchema.length} wrong-schema message(s) for real requests, 1 bad JSON, 1 unknown requestId`,
      );
      return {
        ...NOTHING_FIRED,
        window: { from, to: Date.now() },
        poisonRequestIds: [...wrongSchema, ghost],
        operations: held?.operations ?? [],
      };
    },
  };
}
