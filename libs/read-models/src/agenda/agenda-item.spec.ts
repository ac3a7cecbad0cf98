import type { ClientView } from '../client-view/client-view';
import { agendaChangeOf, agendaItemsOfView } from './agenda-item';

const view = (overrides: Partial<ClientView> = {}): ClientView =>
  ({
    id: 'c-1',
    branchId: 'BR-1',
    legalName: 'Acme Ltd',
    manager: { id: 'M-1', name: null, level: 'senior' },
    contacts: {
      total: 1,
      last: null,
      followUpsDue: 1,
      nextFollowUpDue: '2026-03-04T09:00:00.000Z',
      openFollowUps: [{ contactId: 'k-1', due: '2026-03-04T09:00:00.000Z' }],
    },
    agenda: {
      visits: [
        { visitId: 'v-1', managerId: 'M-2', plannedAt: '2026-03-03T09:00:00.000Z', purpose: 'product_promotion' },
      ],
      tasks: [{ taskId: 't-1', assigneeId: 'M-3', title: 'Send the tariff', due: '2026-03-05T09:00:00.000Z' }],
    },
    ...overrides,
  }) as ClientView;

describe('agenda entries of a client view', () => {
  it('puts a follow-up on the client manager’s agenda, a visit and a task on the one they name', () => {
    expect(agendaItemsOfView(view()).map((item) => [item.kind, item.itemId, item.managerId, item.due])).toEqual([
      ['follow_up', 'k-1', 'M-1', '2026-03-04T09:00:00.000Z'],
      ['visit', 'v-1', 'M-2', '2026-03-03T09:00:00.000Z'],
      ['task', 't-1', 'M-3', '2026-03-05T09:00:00.000Z'],
    ]);
  });

  it('leaves a follow-up off every agenda while the client has no manager', () => {
    expect(agendaItemsOfView(view({ manager: null })).map((item) => item.kind)).toEqual(['visit', 'task']);
  });

  it('reports a client only when its entries changed', () => {
    const before = view();
    expect(agendaChangeOf(before, { ...before, revision: 9 } as ClientView)).toBeNull();
    const reassigned = view({ manager: { id: 'M-9', name: null, level: 'senior' } });
    expect(agendaChangeOf(before, reassigned)?.rows.find((item) => item.kind === 'follow_up')?.managerId).toBe('M-9');
    const renamed = view({ legalName: '[erased]' });
    expect(agendaChangeOf(before, renamed)?.rows.every((item) => item.legalName === '[erased]')).toBe(true);
    const empty = view({ contacts: { ...before.contacts, openFollowUps: [] }, agenda: { visits: [], tasks: [] } });
    expect(agendaChangeOf(before, empty)).toEqual({ clientId: 'c-1', rows: [] });
    expect(agendaChangeOf(null, empty)).toBeNull();
  });
});
