import type { Command } from './command';
import type { Event } from './event';

/**
 * Emmett-style decider: `decide` turns a command and the current state into new events (or
 * throws a DomainError); `evolve` folds one event into the state. Both pure.
 */
export type Decider<State, C extends Command, E extends Event> = Readonly<{
  decide: (command: C, state: State) => E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
  /**
   * What the state says about its subject after an event, for the event's metadata (so consumers
   * of the published event need not rebuild the state to route it). Absent: nothing is recorded.
   */
  contextOf?: (state: State) => Readonly<Record<string, string | boolean | null>> | undefined;
}>;

/** Exhaustiveness guard for switches over discriminated unions. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
