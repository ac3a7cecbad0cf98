import { clientDecider, type ClientCommand, type ClientState, type ManagerSnapshot } from '@crm/domain';
import { clientLocationDecider } from './client-location-decider';

const NOW = '2026-06-01T00:00:00.000Z';
const actor = { userId: 'rm-001', role: 'relationship_manager' } as const;
const manager: ManagerSnapshot = {
  managerId: 'M-1',
  name: 'M',
  branchId: 'BR-1',
  level: 'senior',
  active: true,
  absentUntil: null,
};

/** Decides each command on the full state and folds its events with both deciders. */
const fold = (commands: readonly ClientCommand[]) => {
  let full: ClientState = clientDecider.initialState();
  let located: ClientState = clientLocationDecider.initialState();
  for (const command of commands)
    for (const event of clientDecider.decide(command, full)) {
      full = clientDecider.evolve(full, event);
      located = clientLocationDecider.evolve(located, event);
    }
  return { full, located };
};

const contact = (n: number, followUpDue?: string): ClientCommand => ({
  type: 'LogContact',
  data: {
    contactId: `contact-${n}`,
    managerId: 'M-1',
    manager,
    channel: 'call',
    purpose: 'relationship',
    summary: `call ${n}`,
    occurredAt: NOW,
    ...(followUpDue === undefined ? {} : { followUpDue }),
  },
  metadata: { now: NOW, actor },
});

describe('clientLocationDecider', () => {
  const { full, located } = fold([
    {
      type: 'RegisterProspect',
      data: {
        clientId: '00000000-0000-4000-8000-000000000001',
        branchId: 'BR-1',
        segment: 'sme',
        industry: 'retail',
        legalName: 'Client',
        registrationNo: 'REG-1',
        contact: { phone: '+8612345678' },
        source: 'test',
      },
      metadata: { now: NOW, actor },
    },
    ...Array.from({ length: 50 }, (_, n) => contact(n, n === 0 ? '2026-06-10T00:00:00.000Z' : undefined)),
    { type: 'CompleteFollowUp', data: { contactId: 'contact-0' }, metadata: { now: NOW, actor } },
    {
      type: 'AssignBackupManager',
      data: { managerId: 'M-2', manager: { ...manager, managerId: 'M-2' }, reason: 'A/B' },
      metadata: { now: NOW, actor },
    },
    {
      type: 'AddTeamSpecialist',
      data: { managerId: 'M-3', manager: { ...manager, managerId: 'M-3' }, role: 'fx' },
      metadata: { now: NOW, actor },
    },
  ]);

  it('keeps what the locator reads (branch and covering manager) as the full fold has them', () => {
    expect(full.status).not.toBe('none');
    expect(located).toMatchObject({ status: full.status, branchId: 'BR-1' });
    expect(located.status !== 'none' && located.manager).toEqual(full.status !== 'none' && full.manager);
  });

  it("keeps the client's team, which the guard reads for its backup and specialists", () => {
    expect(located.status !== 'none' && located.team).toEqual(full.status !== 'none' && full.team);
    expect(located.status !== 'none' && [located.team.backupManagerId, [...located.team.specialists]]).toEqual([
      'M-2',
      [['M-3', 'fx']],
    ]);
  });

  it('holds none of the contacts the full state keeps, and folds events about them without failing', () => {
    expect(full.status !== 'none' && full.contacts.logged.size).toBe(50);
    expect(located.status !== 'none' && located.contacts.logged.size).toBe(0);
  });
});
