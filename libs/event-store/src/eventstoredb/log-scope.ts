import { excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';

/**
 * Which part of a shared EventStoreDB this store sees. With a namespace every stream is stored as
 * `<namespace><streamId>` and `$all` is read through a stream-name prefix filter, so several
 * applications, environments or test runs can share one server without seeing each other's events
 * (and the global log of an empty namespace is empty). Without one, stream names are used as they
 * are and `$all` is filtered only by excluding system events (event types starting with `$`).
 *
 * The subscription filter runs on the server. `accepts` is the same rule on the client: the
 * client's `readAll` (6.2.1) takes no filter, and it also guards subscriptions against anything
 * the server filter let through.
 */
export class LogScope {
  constructor(readonly namespace = '') {
    if (namespace.startsWith('$'))
      throw new Error(`namespace must not start with "$" (system streams), got "${namespace}"`);
  }

  serverStreamName(streamId: string): string {
    return this.namespace + streamId;
  }

  /** The port's stream id of a server stream, or null when the stream lies outside this scope. */
  streamIdOf(serverStreamName: string): string | null {
    if (!serverStreamName.startsWith(this.namespace)) return null;
    return serverStreamName.slice(this.namespace.length);
  }

  accepts(serverStreamName: string, eventType: string): boolean {
    if (eventType.startsWith('$') || serverStreamName.startsWith('$')) return false;
    return this.streamIdOf(serverStreamName) !== null;
  }

  /** The server-side filter for `$all` subscriptions (the protocol takes one: stream name or event type). */
  subscriptionFilter(): Filter {
    // A namespace never starts with "$", so its prefix already excludes system streams; the
    // system event types that land in user streams are re-checked by `accepts`.
    return this.namespace === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [this.namespace] });
  }
}
