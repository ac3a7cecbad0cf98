import { Injectable } from '@nestjs/common';
import type { Command, Decider, Event } from '@crm/domain';
import { StreamStateCache } from '@crm/event-store';

/**
 * One folded-state cache per decider, shared by command handling and the reads that feed
 * commands (manager snapshots), so a command usually reads only the events appended since.
 */
@Injectable()
export class StreamStateCaches {
  private readonly caches = new WeakMap<object, StreamStateCache<unknown>>();

  for<S, C extends Command, E extends Event>(decider: Decider<S, C, E>): StreamStateCache<S> {
    let cache = this.caches.get(decider);
    if (!cache) {
      cache = new StreamStateCache<unknown>();
      this.caches.set(decider, cache);
    }
    return cache as StreamStateCache<S>;
  }
}
