import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  alertDecider,
  alertStreamId,
  clientDecider,
  clientStreamId,
  departmentDecider,
  departmentStreamId,
  managerDecider,
  managerStreamId,
  riskCaseDecider,
  riskCaseStreamId,
  toManagerSnapshot,
  type AlertCommand,
  type AlertEvent,
  type AlertState,
  type BankCalendar,
  type CalendarCommandMetadata,
  type ClientCommand,
  type ClientEvent,
  type ClientState,
  type Command,
  type CommandMetadata,
  type Decider,
  type DepartmentCommand,
  type DepartmentEvent,
  type DepartmentState,
  type Event,
  type ManagerCommand,
  type ManagerEvent,
  type ManagerSnapshot,
  type ManagerState,
  type RiskCaseCommand,
  type RiskCaseEvent,
  type RiskCaseState,
} from '@crm/domain';
import { EVENT_STORE, loadStream, type CommandResult, type EventStore } from '@crm/event-store';
import { parseIfMatch, type IdempotentRequest } from '@crm/api-kit';
import { inSpan, requestTraceOf, TOKEN_PATTERN } from '@crm/platform';
import { BANK_CALENDAR } from './bank-calendar.module';
import { DecideCommand } from './decide.command';
import { StreamStateCaches } from './stream-state-caches';
import { StorageFaults } from '../health/storage-faults';

export type WriteResponse = Readonly<{ id: string; revision: number; position: string }>;

type CommandOf<C extends { type: string }, T extends C['type']> = Extract<C, { type: T }>;

/** A kind of stream commands are sent to: the decider that rules it and how its streams are named. */
export type StreamKind<S, C extends Command, E extends Event> = Readonly<{
  decider: Decider<S, C, E>;
  streamId: (id: string) => string;
}>;

export const CLIENT_STREAM: StreamKind<ClientState, ClientCommand, ClientEvent> = {
  decider: clientDecider,
  streamId: clientStreamId,
};

export const MANAGER_STREAM: StreamKind<ManagerState, ManagerCommand, ManagerEvent> = {
  decider: managerDecider,
  streamId: managerStreamId,
};

export const ALERT_STREAM: StreamKind<AlertState, AlertCommand, AlertEvent> = {
  decider: alertDecider,
  streamId: alertStreamId,
};

export const RISK_CASE_STREAM: StreamKind<RiskCaseState, RiskCaseCommand, RiskCaseEvent> = {
  decider: riskCaseDecider,
  streamId: riskCaseStreamId,
};

export const DEPARTMENT_STREAM: StreamKind<DepartmentState, DepartmentCommand, DepartmentEvent> = {
  decider: departmentDecider,
  streamId: departmentStreamId,
};

/**
 * Turns an HTTP request into a command on one stream: stamps it with the caller, the time, the
 * bank calendar and correlation ids, honours If-Match, and answers `{ id, revision, position }`.
 */
@Injectable()
export class CommandGateway {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly caches: StreamStateCaches,
    @Inject(BANK_CALENDAR) private readonly calendar: BankCalendar,
    private readonly storageFaults: StorageFaults,
  ) {}

  /**
   * Runs command `type` with `data` on the stream `id` of `kind`, as the authenticated caller.
   * `ifMatch: false` for a request that writes to several streams: its If-Match (if any) names
   * the revision of one resource and must not be held against the others.
   */
  async execute<S, C extends Command, E extends Event, T extends C['type']>(
    request: IdempotentRequest,
    kind: StreamKind<S, C, E>,
    id: string,
    type: T,
    data: CommandOf<C, T>['data'],
    options: Readonly<{ ifMatch?: boolean }> = {},
  ): Promise<WriteResponse> {
    return (await this.decide(request, kind, id, type, data, options)).response;
  }

  /** As `execute`, with the events the command decided (none when it changed nothing). */
  async decide<S, C extends Command, E extends Event, T extends C['type']>(
    request: IdempotentRequest,
    kind: StreamKind<S, C, E>,
    id: string,
    type: T,
    data: CommandOf<C, T>['data'],
    options: Readonly<{ ifMatch?: boolean }> = {},
  ): Promise<Readonly<{ response: WriteResponse; events: readonly E[] }>> {
    // Seen as the metadata every command takes; the calendar rides along for the commands that need it.
    const metadata: CommandMetadata = this.metadata(request);
    const command = { type, data, metadata } as CommandOf<C, T>;
    const streamId = kind.streamId(id);
    const expectedRevision = options.ifMatch === false ? undefined : parseIfMatch(request.headers['if-match']);
    const trace = requestTraceOf(request.raw);
    const attributes = { 'crm.command': type, 'crm.stream_id': streamId };
    // Two spans: the command as the server handles it, and the append whose context the events
    // keep in their metadata, so every later hop (relay, risk monitor, alert) descends from it.
    return inSpan(
      `command ${type}`,
      { kind: 'server', parent: trace.parent, traceId: trace.traceId, attributes },
      (commandSpan) =>
        inSpan('event-store append', { parent: commandSpan.context, attributes }, async (append) => {
          const context = { ...this.context(request), trace: append.context };
          const message = new DecideCommand(streamId, kind.decider, command as C, context, expectedRevision);
          const result = await this.bus.execute<DecideCommand<S, C, E>, CommandResult<S, E>>(message);
          this.storageFaults.wrote();
          const position = result.position.toString();
          append.setAttributes({ 'crm.revision': result.revision, 'crm.position': position });
          return { response: { id, revision: result.revision, position }, events: result.events };
        }),
    );
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
    const state = await this.clientState(clientId);
    const managerId = state.status === 'none' ? null : state.manager?.managerId;
    return managerId ? this.managerSnapshot(managerId) : null;
  }

  /** Where the client sits now (its stream, not the read model); null when there is no such client. */
  async clientCoverage(clientId: string): Promise<Readonly<{ branchId: string; managerId: string | null }> | null> {
    const state = await this.clientState(clientId);
    return state.status === 'none' ? null : { branchId: state.branchId, managerId: state.manager?.managerId ?? null };
  }

  /** The client as its decider sees it now (its stream, not the read model). */
  async clientState(clientId: string): Promise<ClientState> {
    return (await this.loadClient(clientId)).state;
  }

  /** The client's state with its stream's revision (-1 when there is no such client). */
  async loadClient(clientId: string): Promise<Readonly<{ state: ClientState; revision: number }>> {
    const { state, revision } = await loadStream(this.store, clientStreamId(clientId), clientDecider, {
      cache: this.caches.for(clientDecider),
    });
    return { state, revision };
  }

  /** Whether the client heads a corporate group (on its stream). */
  async headsGroup(clientId: string): Promise<boolean> {
    const state = await this.clientState(clientId);
    return state.status !== 'none' && state.group?.groupId === clientId && state.group.members !== null;
  }

  /** Whether the client's personal data was erased (false for a client that does not exist). */
  async personalDataErased(clientId: string): Promise<boolean> {
    const state = await this.clientState(clientId);
    return state.status !== 'none' && state.personalDataErased;
  }

  /** Every command gets the calendar: those whose decisions fall due on business days need it. */
  private metadata(request: IdempotentRequest): CalendarCommandMetadata {
    const principal = request.principal;
    if (!principal) throw new Error('commands need an authenticated caller');
    return {
      now: new Date().toISOString(),
      actor: { userId: principal.userId, role: principal.role },
      calendar: this.calendar,
    };
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
