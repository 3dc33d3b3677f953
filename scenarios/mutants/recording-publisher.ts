/**
 * An in-memory analytics sink: every ParticipationProcessed detail the worker publishes, built by
 * the same function the EventBridge publisher uses, kept in order. It stands in for EventBridge ->
 * Firehose -> S3 so that I8 can reconcile a short run without the analytics pipeline.
 */
import type { AnalyticsDelivery } from '../../invariants';
import {
  type ParticipationProcessed,
  type RequestItem,
  toParticipationProcessed,
} from '../../services/common';
import type { ParticipationPublisher } from '../../services/worker/publisher';

/** The object key every in-memory record claims; no bucket layout is checked for these runs. */
const IN_MEMORY_KEY = 'in-memory';

export class RecordingPublisher implements ParticipationPublisher {
  private readonly details: ParticipationProcessed[] = [];

  async published(item: RequestItem, delivery: { readonly isDlq: boolean }): Promise<void> {
    this.details.push(
      toParticipationProcessed(item, { env: 'mutants', workerId: item.workerId ?? 'unknown', ...delivery }),
    );
  }

  /** What the run "delivered", in the shape the analytics checkers read. */
  delivery(): AnalyticsDelivery {
    return {
      records: this.details.map((detail) => ({ key: IN_MEMORY_KEY, detail: { ...detail } })),
      objectKeys: [],
      malformedLines: [],
      errorObjectKeys: [],
    };
  }
}
