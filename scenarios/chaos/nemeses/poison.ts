/**
 * Poison among the real messages: wrong-schema bodies for real requests, one body that is not
 * JSON, and one well-formed message naming a request that does not exist (declared, so that the
 * orphan check excuses it and nothing else).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { injectPoisonRequests } from '../../g1/poison';
import type { PoisonMessages } from '../catalog';
import { type Nemesis, type NemesisContext, NOTHING_FIRED, sleep } from './nemesis';

export function poison(context: NemesisContext, messages: PoisonMessages, eventId: string): Nemesis {
  const { pipeline, progress } = context;
  return {
    prepare: async () => {
      await pipeline.startWorker();
    },
    fire: async () => {
      await sleep(context.scenario.faultAfterMs);
      const from = Date.now();
      const wrongSchema = await injectPoisonRequests(pipeline, eventId, messages.count - 2, context.runTag);
      const send = (body: string) =>
        pipeline.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: pipeline.resources.mainQueueUrl, MessageBody: body }),
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
      progress.say(
        `poison: ${wrongSchema.length} wrong-schema message(s) for real requests, 1 bad JSON, 1 unknown requestId`,
      );
      return {
        ...NOTHING_FIRED,
        window: { from, to: Date.now() },
        poisonRequestIds: [...wrongSchema, ghost],
      };
    },
  };
}
