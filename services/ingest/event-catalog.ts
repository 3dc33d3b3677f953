import type { CapacityItem, Clock } from '../common';
import type { IngestStore } from './ports';

/**
 * Events change rarely and every participation needs one, so known events are cached for a few
 * seconds. Unknown events are not cached: an event created a moment ago must be found at once.
 */
export class EventCatalog {
  private readonly cache = new Map<string, { event: CapacityItem; until: number }>();

  constructor(
    private readonly store: Pick<IngestStore, 'getCapacity'>,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  async find(eventId: string): Promise<CapacityItem | undefined> {
    const now = this.clock.now();
    const hit = this.cache.get(eventId);
    if (hit && hit.until > now) return hit.event;
    const event = await this.store.getCapacity(eventId);
    if (event) this.cache.set(eventId, { event, until: now + this.ttlMs });
    return event;
  }
}
