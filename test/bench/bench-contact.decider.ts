import type { Command, Decider, Event } from '@crm/domain';

/**
 * A small pure decider shaped like the client's LogContact (same event size and the kind of
 * checks it makes), so command-handling benches measure the store and the handler, not the domain.
 */
export type BenchContactLogged = Event<
  'ContactLogged',
  { contactId: string; managerId: string; channel: string; purpose: string; summary: string; occurredAt: string }
>;
export type BenchLogContact = Command<'LogContact', BenchContactLogged['data']>;
export type BenchContactState = Readonly<{ contacts: number; lastContactId: string | null; lastContactAt: string | null }>;

export const benchContactDecider: Decider<BenchContactState, BenchLogContact, BenchContactLogged> = {
  initialState: () => ({ contacts: 0, lastContactId: null, lastContactAt: null }),
  evolve: (state, event) => ({
    contacts: state.contacts + 1,
    lastContactId: event.data.contactId,
    lastContactAt: event.data.occurredAt,
  }),
  decide: (command, state) => {
    if (command.data.contactId === state.lastContactId) throw new Error('contact already logged');
    if (command.data.summary.length === 0) throw new Error('summary required');
    return [{ type: 'ContactLogged', data: { ...command.data } }];
  },
};

export const benchLogContact = (n: number): BenchLogContact => ({
  type: 'LogContact',
  data: {
    contactId: `contact-${n}`,
    managerId: `manager-${n % 50}`,
    channel: 'visit',
    purpose: 'relationship',
    summary: 'Quarterly review of the working-capital facility; client plans to expand the Suzhou plant.',
    occurredAt: '2024-06-01T09:30:00.000Z',
  },
  metadata: { now: '2024-06-01T10:00:00.000Z', actor: { userId: 'rm-001', role: 'relationship_manager' } },
});
