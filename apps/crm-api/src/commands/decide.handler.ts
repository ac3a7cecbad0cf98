import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, handleCommand, type CommandResult, type EventStore } from '@crm/event-store';
import { DecideCommand } from './decide.command';
import { StreamStateCaches } from './stream-state-caches';

/** The thin adapter between Nest's command bus and load → decide → append. */
@CommandHandler(DecideCommand)
export class DecideHandler implements ICommandHandler<DecideCommand, CommandResult<unknown, unknown>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly caches: StreamStateCaches,
  ) {}

  execute({ streamId, decider, command, context, expectedRevision }: DecideCommand): Promise<CommandResult<unknown, unknown>> {
    return handleCommand(this.store, streamId, decider, command, context, {
      expectedRevision,
      cache: this.caches.for(decider),
    });
  }
}
