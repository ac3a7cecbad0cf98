import { clientDecider, clientStreamId, weekdaysCalendar, type ClientCommand } from '@crm/domain';
import { handleCommand, type EventStore } from '@crm/event-store';

/** A client command without its metadata (one per command type, so `data` stays checked). */
export type ClientCommandBody = ClientCommand extends infer C
  ? C extends ClientCommand
    ? Omit<C, 'metadata'>
    : never
  : never;

const ACTOR = { userId: 'u-rm-1', role: 'relationship_manager' } as const;

/**
 * Writes a client command as the API does (the client decider through `handleCommand`) at a
 * chosen instant, for tests that need real client events in a store without an API process.
 * Fails when the decider decides nothing, so a test never builds on a command that did nothing.
 */
export const sendClientCommand = async (
  store: EventStore,
  clientId: string,
  now: string,
  body: ClientCommandBody,
): Promise<void> => {
  // Arrears are dated on the bank's calendar in Shanghai; no alert is decided here, so no holidays are needed.
  const command = {
    ...body,
    metadata: { now, actor: ACTOR, calendar: weekdaysCalendar('Asia/Shanghai') },
  } as ClientCommand;
  const cause = `${command.type}-${clientId}-${now}`;
  const result = await handleCommand(store, clientStreamId(clientId), clientDecider, command, {
    correlationId: cause,
    causationId: cause,
    actor: ACTOR,
  });
  if (result.events.length === 0) throw new Error(`${command.type} on ${clientId} decided nothing`);
};

/** Registers a corporate prospect and converts it to a client (two events), at `now`. */
export const onboardClient = async (store: EventStore, clientId: string, now: string): Promise<void> => {
  await sendClientCommand(store, clientId, now, {
    type: 'RegisterProspect',
    data: {
      clientId,
      branchId: 'BR-1',
      segment: 'corporate',
      industry: 'logistics',
      legalName: `Test Client ${clientId.slice(-4)} Ltd`,
      registrationNo: `9135${clientId.slice(-12)}`,
      contact: { email: 'ops@client.example' },
      source: 'referral',
    },
  });
  await sendClientCommand(store, clientId, now, { type: 'ConvertProspect', data: {} });
};
