import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@crm/domain';
import { ConcurrencyError, EVENT_STORE, handleCommand, WrongExpectedRevisionError, type CommandResult, type EventStore } from '@crm/event-store';
import { Metrics } from '@crm/platform';
import { DecideCommand } from './decide.command';
import { StreamStateCaches } from './stream-state-caches';

const outcomeOf = (error: unknown): string =>
  error instanceof DomainError
    ? error.kind
    : error instanceof WrongExpectedRevisionError
      ? 'precondition_failed'
      : error instanceof ConcurrencyError
        ? 'concurrency'
        : 'error';

/** The thin adapter between Nest's command bus and load → decide → append. */
@CommandHandler(DecideCommand)
export class DecideHandler implements ICommandHandler<DecideCommand, CommandResult<unknown, unknown>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly caches: StreamStateCaches,
    private readonly metrics: Metrics,
  ) {}

  async execute({ streamId, decider, command, context, expectedRevision }: DecideCommand): Promise<CommandResult<unknown, unknown>> {
    try {
      const result = await handleCommand(this.store, streamId, decider, command, context, {
        expectedRevision,
        cache: this.caches.for(decider),
      });
      this.metrics.commands.inc({ type: command.type, outcome: result.events.length > 0 ? 'appended' : 'unchanged' });
      return result;
    } catch (error) {
      this.metrics.commands.inc({ type: command.type, outcome: outcomeOf(error) });
      throw error;
    }
  }
}
