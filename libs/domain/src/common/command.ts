import type { BankCalendar } from '../calendar/bank-calendar';
import type { Actor } from './event';

/**
 * A command as deciders receive it. Time comes in the command (`now`, ISO-8601 UTC) so deciders
 * never read a clock.
 */
export type Command<
  Type extends string = string,
  Data extends object = object,
  Metadata extends CommandMetadata = CommandMetadata,
> = Readonly<{
  type: Type;
  data: Readonly<Data>;
  metadata: Metadata;
}>;

export type CommandMetadata = Readonly<{
  now: string;
  actor: Actor;
}>;

/**
 * Metadata of a command whose decision depends on the bank's calendar: an alert's SLA falls due on
 * its business days, a past-due report is dated against the bank's today in its time zone.
 * The process stamps the bank calendar it loaded at boot beside `now`, as it stamps the time, so
 * the decider reads neither a clock nor a file; a command type that needs it says so, and the
 * compiler then refuses a caller that forgets it.
 */
export type CalendarCommandMetadata = CommandMetadata &
  Readonly<{
    calendar: BankCalendar;
  }>;
