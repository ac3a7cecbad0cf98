import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@crm/domain';
import {
  ConcurrencyError,
  EVENT_STORE,
  handleCommand,
  WrongExpectedRevisionError,
  type CommandResult,
  type EventStore,
} from '@crm/event-store';
import { Metrics } from '@crm/platform';
import type { Counter } from 'prom-client';
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
  private readonly commands: Counter<'type' | 'outcome'>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly caches: StreamStateCaches,
    metrics: Metrics,
  ) {
    this.commands = metrics.counter('crm_commands_total', 'Commands handled, by command type and outcome', [
      'type',
      'outcome',
    ] as const);
  }

  async execute({
    streamId,
    decider,
    command,
    context,
    expectedRevision,
  }: DecideCommand): Promise<CommandResult<unknown, unknown>> {
    try {
      const result = await handleCommand(this.store, streamId, decider, command, context, {
        expectedRevision,
        cache: this.caches.for(decider),
      });
      this.commands.inc({ type: command.type, outcome: result.events.length > 0 ? 'appended' : 'unchanged' });
      return result;
    } catch (error) {
      this.commands.inc({ type: command.type, outcome: outcomeOf(error) });
      throw error;
    }
  }
}
