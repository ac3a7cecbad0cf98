import { v7 as uuidv7 } from 'uuid';
import { currentSchemaVersion, type Command, type Decider, type Event } from '@crm/domain';
import { ConcurrencyError, type EventStore, type ExpectedRevision, type NewEvent } from '../event-store.port';
import type { Upcast } from '../upcasting/upcaster-registry';
import { loadStream } from './load-stream';
import type { StreamStateCache } from './stream-state-cache';
import { StreamLocks } from './stream-locks';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

export type CommandContext = {
  correlationId: string;
  causationId: string;
  actor: { userId: string; role: string };
  /** When the fact happened in the world; defaults to the command's `now`. */
  occurredAt?: string;
};

export type HandleCommandOptions<S = unknown> = {
  /** The revision the caller saw (HTTP If-Match); a mismatch fails instead of retrying. */
  expectedRevision?: number;
  /** Reload-and-decide attempts after a concurrency clash; default 30. */
  maxRetries?: number;
  upcast?: Upcast;
  /** Folded states of recent streams (one cache per store and decider); see StreamStateCache. */
  cache?: StreamStateCache<S>;
};

export type CommandResult<S, E> = {
  /** Revision of the stream's last event; -1 when the stream is empty and nothing was appended. */
  revision: number;
  /** Position of the stream's last event; 0n if none. */
  position: bigint;
  events: E[];
  state: S;
};

/**
 * Within a process commands on one stream queue on a lock, so clashes come only from other
 * processes. A process with a long queue for a hot stream keeps appending, and a peer's retry
 * succeeds only if it slips between two of those appends, so retries must be plentiful: with 8,
 * one run in five of the two-store race of 100 commands on one stream (postgres spec) exhausted
 * them; 30 costs nothing when there is no contention.
 */
const DEFAULT_MAX_RETRIES = 30;
/** Retries back off with random jitter so contenders on one hot stream spread out instead of clashing in lockstep. */
const BACKOFF_BASE_MS = 1;
const BACKOFF_CAP_MS = 20;

/** Per store, because two stores may be two databases holding streams of the same name. */
const locksByStore = new WeakMap<EventStore, StreamLocks>();

const locksFor = (store: EventStore): StreamLocks => {
  let locks = locksByStore.get(store);
  if (locks === undefined) {
    locks = new StreamLocks();
    locksByStore.set(store, locks);
  }
  return locks;
};

/**
 * Load → decide → append. Without an expected revision a clash means someone else wrote first, so
 * the command is decided again on the fresh state (the decider re-checks every invariant).
 * Commands on one stream within this process run one at a time (see StreamLocks).
 */
export function handleCommand<S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  command: C,
  context: CommandContext,
  options: HandleCommandOptions<S> = {},
): Promise<CommandResult<S, E>> {
  return locksFor(store).run(streamId, () => decideAndAppend(store, streamId, decider, command, context, options));
}

async function decideAndAppend<S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  command: C,
  context: CommandContext,
  options: HandleCommandOptions<S>,
): Promise<CommandResult<S, E>> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const pinned = options.expectedRevision;
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadStream(store, streamId, decider, { upcast: options.upcast, cache: options.cache });
    if (pinned !== undefined && pinned !== loaded.revision) {
      throw new WrongExpectedRevisionError(streamId, pinned, loaded.revision < 0 ? null : loaded.revision);
    }
    const events = decider.decide(command, loaded.state);
    if (events.length === 0)
      return { revision: loaded.revision, position: loaded.position, events, state: loaded.state };

    const revision = pinned ?? loaded.revision;
    const expected: ExpectedRevision = revision < 0 ? 'no_stream' : revision;
    try {
      const appended = await store.appendToStream(
        streamId,
        events.map((event) => toNewEvent(event, command, context)),
        {
          expectedRevision: expected,
        },
      );
      const state = events.reduce(decider.evolve, loaded.state);
      options.cache?.set(streamId, { state, revision: appended.revision, position: appended.position });
      return { revision: appended.revision, position: appended.position, events, state };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (pinned !== undefined) throw new WrongExpectedRevisionError(streamId, pinned, error.actual);
      if (attempt >= maxRetries) throw error;
      await backoff(attempt);
    }
  }
}

const toNewEvent = (event: Event, command: Command, context: CommandContext): NewEvent => ({
  eventId: uuidv7(),
  type: event.type,
  data: event.data,
  schemaVersion: currentSchemaVersion(event.type),
  metadata: {
    occurredAt: context.occurredAt ?? command.metadata.now,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: { userId: context.actor.userId, role: context.actor.role },
  },
});

const backoff = (attempt: number): Promise<void> => {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
};
