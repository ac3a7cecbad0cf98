import type { Command, Decider, Event } from '@crm/domain';
import type { NewEvent } from '../event-store.port';
import { toNewEvent, type CommandContext } from './command-context';
import type { LoadedStream } from './load-stream';
import { WrongExpectedRevisionError } from './wrong-expected-revision.error';

export type BatchCommand<C extends Command> = Readonly<{
  command: C;
  context: CommandContext;
  /** The revision the caller saw (HTTP If-Match): the stream must be there when this command's turn comes. */
  expectedRevision?: number;
}>;

/**
 * One command's outcome within its batch. `eventsBefore` counts the batch's events decided ahead of
 * it: when it is 0 the command saw only stored state, otherwise its outcome rests on events that
 * are stored only if the batch's append succeeds.
 */
export type BatchDecision<S, E> =
  | Readonly<{ ok: true; events: E[]; state: S; eventsBefore: number }>
  | Readonly<{ ok: false; error: unknown; eventsBefore: number }>;

export type DecidedBatch<S, E> = Readonly<{
  decisions: BatchDecision<S, E>[];
  /** Every accepted command's events, in order, as one append. */
  events: NewEvent[];
  /** The state after all of them. */
  state: S;
}>;

/**
 * Decides commands queued on one stream one after another against the state in memory, each
 * seeing the events of those before it, as if each had been appended before the next was loaded.
 * A command that throws (a domain error) or whose expected revision does not hold fails alone:
 * its events are dropped and the next command is decided on the state without them.
 */
export function decideBatch<S, C extends Command, E extends Event>(
  streamId: string,
  decider: Decider<S, C, E>,
  start: LoadedStream<S>,
  commands: readonly BatchCommand<C>[],
): DecidedBatch<S, E> {
  let state = start.state;
  const events: NewEvent[] = [];
  const decisions = commands.map(({ command, context, expectedRevision }): BatchDecision<S, E> => {
    const eventsBefore = events.length;
    const revision = start.revision + eventsBefore;
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      const error = new WrongExpectedRevisionError(streamId, expectedRevision, revision < 0 ? null : revision);
      return { ok: false, error, eventsBefore };
    }
    try {
      const decided = decider.decide(command, state);
      let next = state;
      const recorded = decided.map((event, index) => {
        next = decider.evolve(next, event);
        return toNewEvent(event, command, context, decider.contextOf?.(next), index);
      });
      state = next;
      events.push(...recorded);
      return { ok: true, events: decided, state, eventsBefore };
    } catch (error) {
      return { ok: false, error, eventsBefore };
    }
  });
  return { decisions, events, state };
}
