import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  alertDecider,
  alertStreamId,
  clientDecider,
  clientStreamId,
  managerDecider,
  managerStreamId,
  toManagerSnapshot,
  type AlertCommand,
  type ClientCommand,
  type Command,
  type Event,
  type ManagerCommand,
  type ManagerSnapshot,
} from '@crm/domain';
import { EVENT_STORE, loadStream, type CommandResult, type EventStore } from '@crm/event-store';
import { parseIfMatch, type IdempotentRequest } from '@crm/platform';
import { TOKEN_PATTERN } from '@crm/sql';
import { DecideCommand } from './decide.command';
import { StreamStateCaches } from './stream-state-caches';

export type WriteResponse = Readonly<{ id: string; revision: number; position: string }>;

type CommandOf<C extends { type: string }, T extends C['type']> = Extract<C, { type: T }>;

/**
 * Turns an HTTP request into a command on one stream: stamps it with the caller, the time and
 * correlation ids, honours If-Match, and answers `{ id, revision, position }`.
 */
@Injectable()
export class CommandGateway {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly caches: StreamStateCaches,
  ) {}

  async client<T extends ClientCommand['type']>(
    request: IdempotentRequest,
    clientId: string,
    type: T,
    data: CommandOf<ClientCommand, T>['data'],
  ): Promise<WriteResponse> {
    const command = { type, data, metadata: this.metadata(request) } as CommandOf<ClientCommand, T>;
    return this.run(clientId, new DecideCommand(clientStreamId(clientId), clientDecider, command as ClientCommand, this.context(request), parseIfMatch(request.headers['if-match'])));
  }

  async manager<T extends ManagerCommand['type']>(
    request: IdempotentRequest,
    managerId: string,
    type: T,
    data: CommandOf<ManagerCommand, T>['data'],
  ): Promise<WriteResponse> {
    const command = { type, data, metadata: this.metadata(request) } as CommandOf<ManagerCommand, T>;
    return this.run(managerId, new DecideCommand(managerStreamId(managerId), managerDecider, command as ManagerCommand, this.context(request), parseIfMatch(request.headers['if-match'])));
  }

  async alert<T extends AlertCommand['type']>(
    request: IdempotentRequest,
    alertId: string,
    type: T,
    data: CommandOf<AlertCommand, T>['data'],
  ): Promise<WriteResponse> {
    const command = { type, data, metadata: this.metadata(request) } as CommandOf<AlertCommand, T>;
    return this.run(alertId, new DecideCommand(alertStreamId(alertId), alertDecider, command as AlertCommand, this.context(request), parseIfMatch(request.headers['if-match'])));
  }

  /**
   * The client an alert is about, from the first event of its stream (every alert event names it);
   * null when the alert does not exist. Read from the log, not the read model, so an alert raised a
   * moment ago is found before the projector has caught up.
   */
  async clientOfAlert(alertId: string): Promise<string | null> {
    const [first] = await this.store.readStream(alertStreamId(alertId), { maxCount: 1 });
    const clientId = (first?.data as { clientId?: unknown } | undefined)?.clientId;
    return typeof clientId === 'string' ? clientId : null;
  }

  /** The manager as the client decider needs to see it; null when there is no such manager. */
  async managerSnapshot(managerId: string): Promise<ManagerSnapshot | null> {
    const { state } = await loadStream(this.store, managerStreamId(managerId), managerDecider, {
      cache: this.caches.for(managerDecider),
    });
    return toManagerSnapshot(state);
  }

  /** The client's current manager, for commands whose rules depend on who covers the client. */
  async currentManagerOf(clientId: string): Promise<ManagerSnapshot | null> {
    const { state } = await loadStream(this.store, clientStreamId(clientId), clientDecider, {
      cache: this.caches.for(clientDecider),
    });
    const managerId = state.status === 'none' ? null : state.manager?.managerId;
    return managerId ? this.managerSnapshot(managerId) : null;
  }

  private async run<S, C extends Command, E extends Event>(id: string, message: DecideCommand<S, C, E>): Promise<WriteResponse> {
    const result = await this.bus.execute<DecideCommand<S, C, E>, CommandResult<S, E>>(message);
    return { id, revision: result.revision, position: result.position.toString() };
  }

  private metadata(request: IdempotentRequest) {
    const principal = request.principal;
    if (!principal) throw new Error('commands need an authenticated caller');
    return { now: new Date().toISOString(), actor: { userId: principal.userId, role: principal.role } };
  }

  private context(request: IdempotentRequest) {
    const principal = request.principal;
    if (!principal) throw new Error('commands need an authenticated caller');
    const given = request.headers['x-correlation-id'];
    const causationId = typeof request.id === 'string' && TOKEN_PATTERN.test(request.id) ? request.id : randomUUID();
    return {
      correlationId: typeof given === 'string' && TOKEN_PATTERN.test(given) ? given : causationId,
      causationId,
      actor: { userId: principal.userId, role: principal.role },
    };
  }
}
