import type { RequestItem } from '../common';

/**
 * The seam where analytics publishing (spec section 5, ParticipationProcessed) plugs in. It is
 * called after every final transition; it must never throw into the handler: a failed publish
 * changes neither the status nor the acknowledgement.
 */
export interface ParticipationPublisher {
  published(
    item: RequestItem,
    delivery: { readonly isDlq: boolean; readonly abortSignal?: AbortSignal },
  ): Promise<void>;
}

export const noPublisher: ParticipationPublisher = { published: async () => {} };
