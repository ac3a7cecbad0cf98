import type { Command, Decider, Event } from '@crm/domain';
import type { EventStore } from '../event-store.port';
import type { Upcast } from '../upcasting/upcaster-registry';
import type { CommandContext } from './command-context';
import { CommandPipeline } from './command-pipeline';
import type { CommandResult } from './command-result';
import type { StreamStateCache } from './stream-state-cache';

export type { CommandContext } from './command-context';
export type { CommandResult } from './command-result';

export type HandleCommandOptions<S = unknown> = {
  /** The revision the caller saw (HTTP If-Match); a mismatch fails instead of retrying. */
  expectedRevision?: number;
  /** Reload-and-decide attempts after a concurrency clash; default 30. */
  maxRetries?: number;
  upcast?: Upcast;
  /** Folded states of recent streams (one cache per store and decider); see StreamStateCache. */
  cache?: StreamStateCache<S>;
};

/**
 * Within a process commands on one stream queue in its pipeline, so clashes come only from other
 * processes. A process with a long queue for a hot stream keeps appending, and a peer's retry
 * succeeds only if it slips between two of those appends, so retries must be plentiful: with 8,
 * one run in five of the two-store race of 100 commands on one stream (postgres spec) exhausted
 * them; 30 costs nothing when there is no contention.
 */
const DEFAULT_MAX_RETRIES = 30;

/** Per store, because two stores may be two databases holding streams of the same name. */
const pipelinesByStore = new WeakMap<EventStore, CommandPipeline>();

const pipelineOf = (store: EventStore): CommandPipeline => {
  let pipeline = pipelinesByStore.get(store);
  if (pipeline === undefined) {
    pipeline = new CommandPipeline(store);
    pipelinesByStore.set(store, pipeline);
  }
  return pipeline;
};

/**
 * Load → decide → append. Without an expected revision a clash means someone else wrote first, so
 * the command is decided again on the fresh state (the decider re-checks every invariant).
 * Commands on one stream within this process are decided one after another and those queued
 * together are committed together (see CommandPipeline); the answer comes once its events are
 * durable.
 */
export function handleCommand<S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  command: C,
  context: CommandContext,
  options: HandleCommandOptions<S> = {},
): Promise<CommandResult<S, E>> {
  return new Promise((resolve, reject) =>
    pipelineOf(store).submit(streamId, {
      decider,
      command,
      context,
      expectedRevision: options.expectedRevision,
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      upcast: options.upcast,
      cache: options.cache,
      resolve,
      reject,
    }),
  );
}
