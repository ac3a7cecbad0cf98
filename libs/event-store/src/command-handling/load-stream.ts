import type { Command, Decider, Event } from '@crm/domain';
import type { EventStore } from '../event-store.port';
import { defaultUpcasters, type Upcast } from '../upcasting/upcaster-registry';

export type LoadedStream<S> = Readonly<{
  state: S;
  /** Revision of the stream's last event; -1 when the stream is empty. */
  revision: number;
  /** Global position of the stream's last event; 0n when the stream is empty. */
  position: bigint;
}>;

/** Reads a stream and folds it into the decider's state, upcasting older event versions on the way. */
export async function loadStream<S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  upcast: Upcast = defaultUpcasters.upcast,
): Promise<LoadedStream<S>> {
  const recorded = await store.readStream(streamId);
  let state = decider.initialState();
  for (const event of recorded) {
    // The store holds untyped JSON; trusting it to be an E is what writing only decided events buys.
    const domainEvent = { type: event.type, data: upcast(event.type, event.schemaVersion, event.data) } as unknown as E;
    state = decider.evolve(state, domainEvent);
  }
  const last = recorded[recorded.length - 1];
  return { state, revision: last?.revision ?? -1, position: last?.position ?? 0n };
}
