import type {
  AppendResult,
  BatchHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '../event-store.port';
import { currentSchemaVersion } from '@crm/domain';
import type { UpcasterRegistry } from './upcaster-registry';

/**
 * Hands every reader (deciders, projections, the relay, the risk monitor) events in their current
 * shape, whichever version they were written at; the stored events stay as they were written.
 * It sits under the encrypting store, so a step sees personal fields still sealed and must not
 * depend on them.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly upcasters: UpcasterRegistry,
  ) {}

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: Readonly<{ expectedRevision: ExpectedRevision }>,
  ): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.current(await this.inner.readStream(streamId, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.current(await this.inner.readAll(options));
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  subscribeToAll(options: SubscriptionOptions, handler: BatchHandler): Subscription {
    return this.inner.subscribeToAll(options, (events) => handler(this.current(events)));
  }

  getCheckpoint(name: string): Promise<bigint | null> {
    return this.inner.getCheckpoint(name);
  }

  storeCheckpoint(name: string, position: bigint): Promise<void> {
    return this.inner.storeCheckpoint(name, position);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Most events need nothing: the batch is returned as it is unless one of them has a step to take. */
  private current(events: readonly RecordedEvent[]): RecordedEvent[] {
    if (!events.some((event) => this.upcasters.needsUpcast(event.type, event.schemaVersion))) return [...events];
    return events.map((event) =>
      this.upcasters.needsUpcast(event.type, event.schemaVersion)
        ? {
            ...event,
            data: this.upcasters.upcast(event.type, event.schemaVersion, event.data, { recordedAt: event.recordedAt }),
            schemaVersion: currentSchemaVersion(event.type),
          }
        : event,
    );
  }
}
