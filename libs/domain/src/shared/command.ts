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
}>;
