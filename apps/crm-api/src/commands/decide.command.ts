import type { Command, Decider, Event } from '@crm/domain';
import type { CommandContext } from '@crm/event-store';

/** One command bus message for every aggregate: run `command` through `decider` on `streamId`. */
export class DecideCommand<S = unknown, C extends Command = Command, E extends Event = Event> {
  constructor(
    readonly streamId: string,
    readonly decider: Decider<S, C, E>,
    readonly command: C,
    readonly context: CommandContext,
    readonly expectedRevision: number | undefined,
  ) {}
}
