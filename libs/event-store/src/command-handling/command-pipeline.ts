import type { Command, Decider, Event } from '@crm/domain';
import { ConcurrencyError, type AppendResult, type EventStore, type RecordedEvent } from '../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import type { Upcast } from '../upcasting/upcaster-registry';
import type { CommandContext } from './command-context';
import type { CommandResult } from './command-result';
import { decideBatch, type BatchDecision, type DecidedBatch } from './decide-batch';
import { loadStream, type LoadedStream } from './load-stream';
import type { StreamStateCache } from './stream-state-cache';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

export type QueuedCommand<S, C extends Command, E extends Event> = Readonly<{
  decider: Decider<S, C, E>;
  command: C;
  context: CommandContext;
  /** The revision the caller saw (HTTP If-Match); a mismatch fails instead of retrying. */
  expectedRevision?: number;
  /** Times the command may be decided again after a clash with another process. */
  maxRetries: number;
  upcast?: Upcast;
  cache?: StreamStateCache<S>;
  resolve: (result: CommandResult<S, E>) => void;
  reject: (error: unknown) => void;
}>;

/** A queued command of any decider; see `submit` for why the erased types are safe. */
type Queued = QueuedCommand<unknown, Command, Event>;

/**
 * Most commands decided and appended together. A burst on one stream waits for at most one batch
 * in flight, so this bounds how long one append transaction is and how much a clash with another
 * process throws away, not how fast the queue drains.
 */
export const MAX_BATCH_COMMANDS = 64;
/** Retries back off with random jitter so contenders on one hot stream spread out instead of clashing in lockstep. */
const BACKOFF_BASE_MS = 1;
const BACKOFF_CAP_MS = 20;

/**
 * The per-stream pipelines of one store. Commands on one stream queue up; while one batch is being
 * committed the next gathers, and it is then decided command by command against the state in
 * memory (each seeing the events of those before it) and committed in ONE append with the
 * expected revision of its start: one transaction and one durable commit for the whole batch,
 * instead of one per command. The store's group commit still merges batches of different streams.
 *
 * Every caller gets its own answer (its events, and the revision and position of its last event)
 * only once the batch's append has returned, so nothing is acknowledged before it is durable. A
 * clash with another process decides the whole batch again on the fresh state; a store failure
 * fails every command whose outcome rested on the batch's events.
 */
export class CommandPipeline {
  private readonly queues = new Map<string, Queued[]>();

  constructor(private readonly store: EventStore) {}

  submit<S, C extends Command, E extends Event>(streamId: string, queued: QueuedCommand<S, C, E>): void {
    // A batch holds only commands of one decider (the same object, see takeBatch), so no state or
    // command ever meets a decider of another type.
    const entry = queued as unknown as Queued;
    const queue = this.queues.get(streamId);
    if (queue !== undefined) {
      queue.push(entry);
      return;
    }
    const started = [entry];
    this.queues.set(streamId, started);
    void this.drain(streamId, started);
  }

  private async drain(streamId: string, queue: Queued[]): Promise<void> {
    while (queue.length > 0) await this.runBatch(streamId, queue);
    this.queues.delete(streamId);
  }

  /** Settles every command it takes from the queue; never throws. */
  private async runBatch(streamId: string, queue: Queued[]): Promise<void> {
    const { decider, upcast, cache } = queue[0];
    const load = () => loadStream(this.store, streamId, decider, { upcast, cache });
    let loaded: LoadedStream<unknown>;
    try {
      loaded = await load();
    } catch (error) {
      for (const queued of takeBatch(queue)) queued.reject(error);
      return;
    }
    // Taken after the load, so commands that arrived while it ran join this batch.
    let batch = takeBatch(queue);
    try {
      for (let attempt = 0; ; attempt++) {
        const decided = decideBatch(streamId, decider, loaded, batch);
        if (decided.events.length === 0) return settle(batch, decided, loaded, null);
        const expectedRevision = loaded.revision < 0 ? 'no_stream' : loaded.revision;
        let appended: AppendResult;
        try {
          appended = await this.store.appendToStream(streamId, decided.events, { expectedRevision });
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) return settle(batch, decided, loaded, { failed: error });
          batch = dropExhausted(streamId, batch, attempt, error);
          if (batch.length === 0) return;
          await backoff(attempt);
          loaded = await load();
          continue;
        }
        if (appended.revision !== loaded.revision + decided.events.length) {
          // The store found every id already recorded and answered the earlier append (an exact
          // replay): nothing was appended, so the decided state must not reach the cache. Only
          // events with derived ids (CommandContext.eventIdSeed) can meet this.
          const replayed = new DuplicateEventIdError(streamId, decided.events[0].eventId, 'was recorded earlier');
          return settle(batch, decided, loaded, { failed: replayed });
        }
        cache?.set(streamId, { state: decided.state, revision: appended.revision, position: appended.position });
        // Not awaited: reading back positions need not hold up the next batch, whose load starts
        // from the cache or the store, both past this batch.
        void this.answer(streamId, batch, decided, loaded, appended);
        return;
      }
    } catch (error) {
      for (const queued of batch) queued.reject(error);
    }
  }

  /**
   * Answers a committed batch. The append reports only its last event's position, and positions
   * are not arithmetic across adapters (EventStoreDB's are log offsets), so when a command other
   * than the last needs the position of its own last event, the batch's earlier events are read
   * back by revision: one read per batch, none for a batch of one.
   */
  private async answer(
    streamId: string,
    batch: readonly Queued[],
    decided: DecidedBatch<unknown, Event>,
    loaded: LoadedStream<unknown>,
    appended: AppendResult,
  ): Promise<void> {
    const total = decided.events.length;
    const firstRevision = appended.revision - total + 1;
    const needsEarlier = decided.decisions.some((decision) => {
      const through = eventsThrough(decision);
      return through > 0 && through < total;
    });
    let earlier: readonly RecordedEvent[] = [];
    let readFailure: unknown = null;
    if (needsEarlier) {
      try {
        earlier = await this.store.readStream(streamId, { fromRevision: firstRevision, maxCount: total - 1 });
      } catch (error) {
        readFailure = error;
      }
    }
    settle(batch, decided, loaded, {
      revisionAt: (through) => firstRevision + through - 1,
      positionAt: (through) => {
        if (through === total) return appended.position;
        const event = earlier[through - 1];
        if (event !== undefined) return event.position;
        throw (
          readFailure ??
          new Error(`stream ${streamId}: revision ${firstRevision + through - 1} was appended but cannot be read`)
        );
      },
    });
  }
}

/** How the batch's append went: null when there was nothing to append. */
type BatchOutcome =
  | null
  | Readonly<{ failed: unknown }>
  | Readonly<{ revisionAt: (eventsThrough: number) => number; positionAt: (eventsThrough: number) => bigint }>;

/**
 * Settles each command of a batch. A command that saw only stored state and appended nothing keeps
 * its own outcome whatever happened to the append; the others succeed or fail with it.
 */
function settle(
  batch: readonly Queued[],
  decided: DecidedBatch<unknown, Event>,
  loaded: LoadedStream<unknown>,
  outcome: BatchOutcome,
): void {
  batch.forEach((queued, index) => {
    const decision = decided.decisions[index];
    const through = eventsThrough(decision);
    if (outcome !== null && 'failed' in outcome && through > 0) return queued.reject(outcome.failed);
    if (!decision.ok) return queued.reject(decision.error);
    const { events, state } = decision;
    if (through === 0 || outcome === null || 'failed' in outcome) {
      return queued.resolve({ revision: loaded.revision, position: loaded.position, events, state });
    }
    try {
      queued.resolve({ revision: outcome.revisionAt(through), position: outcome.positionAt(through), events, state });
    } catch (error) {
      queued.reject(error);
    }
  });
}

/** The batch's events up to and including the command's own (those before it, if it failed). */
const eventsThrough = (decision: BatchDecision<unknown, Event>): number =>
  decision.eventsBefore + (decision.ok ? decision.events.length : 0);

/** The longest run at the head of the queue with one decider, cache and upcaster, up to MAX_BATCH_COMMANDS. */
function takeBatch(queue: Queued[]): Queued[] {
  const [head] = queue;
  let count = 1;
  while (count < Math.min(MAX_BATCH_COMMANDS, queue.length)) {
    const next = queue[count];
    if (next.decider !== head.decider || next.cache !== head.cache || next.upcast !== head.upcast) break;
    count++;
  }
  return queue.splice(0, count);
}

/** Fails the commands that have used up their retries; a pinned one, like any pinned command that clashes, as a stale revision. */
function dropExhausted(streamId: string, batch: readonly Queued[], attempt: number, clash: ConcurrencyError): Queued[] {
  return batch.filter((queued) => {
    if (attempt < queued.maxRetries) return true;
    queued.reject(
      queued.expectedRevision === undefined
        ? clash
        : new WrongExpectedRevisionError(streamId, queued.expectedRevision, clash.actual),
    );
    return false;
  });
}

const backoff = (attempt: number): Promise<void> => {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
};
