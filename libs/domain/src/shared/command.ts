import type { Actor } from './event';

/**
 * A command as deciders receive it. Time comes in the command (`now`, ISO-8601 UTC) so deciders
 * never read a clock.
 */
export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: CommandMetadata;
}>;

export type CommandMetadata = Readonly<{
  now: string;
  actor: Actor;
  /**
   * The bank's IANA time zone, for commands that date something on the bank's calendar (a past-due
   * report is checked against the bank's today). Adapters pass their configured zone.
   */
  timeZone?: string;
}>;
