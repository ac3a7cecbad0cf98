import type { Command, Decider, Event } from '@crm/domain';
import type { EventStore } from '../event-store.port';
import { defaultUpcasters, type Upcast } from '../upcasting/upcaster-registry';
import type { StreamStateCache } from './stream-state-cache';

export type LoadedStream<S> = Readonly<{
  state: S;
  /** Revision of the stream's last event; -1 when the stream is empty. */
  revision: number;
  /** Global position of the stream's last event; 0n when the stream is empty. */
  position: bigint;
}>;

export type LoadStreamOptions<S> = Readonly<{
  upcast?: Upcast;
  /** Start from a cached state and read only newer events; the result is cached in turn. */
  cache?: StreamStateCache<S>;
}>;

/** Reads a stream and folds it into the decider's state, upcasting older event versions on the way. */
export async function loadStream<S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  options: LoadStreamOptions<S> = {},
): Promise<LoadedStream<S>> {
  const upcast = options.upcast ?? defaultUpcasters.upcast;
  const cached = options.cache?.get(streamId);
  const recorded = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : undefined);
  let state = cached ? cached.state : decider.initialState();
  for (const event of recorded) {
    // The store holds untyped JSON; trusting it to be an E is what writing only decided events buys.
    const domainEvent = {
      type: event.type,
      data: upcast(event.type, event.schemaVersion, event.data, { recordedAt: event.recordedAt }),
    } as unknown as E;
    state = decider.evolve(state, domainEvent);
  }
  const last = recorded[recorded.length - 1];
  const loaded: LoadedStream<S> = last
    ? { state, revision: last.revision, position: last.position }
    : { state, revision: cached?.revision ?? -1, position: cached?.position ?? 0n };
  if (options.cache && loaded.revision >= 0) options.cache.set(streamId, loaded);
  return loaded;
}
