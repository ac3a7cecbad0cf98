import type { ClientEvent } from '@crm/domain';
import { RecordedLog } from '@crm/testing';
import type { ClientView } from './client-view';
import { evolveClientView } from './client-view.projection';
import { toClientTimelineEntry } from '../timeline/client-timeline.projection';

const CLIENT = '0190a4c2-0000-7000-8000-000000000021';
const STREAM = `client-${CLIENT}`;

const registered: ClientEvent = {
  type: 'ProspectRegistered',
  data: {
    clientId: CLIENT,
    branchId: 'br-1',
    segment: 'sme',
    industry: 'retail',
    legalName: 'Team Ltd',
    registrationNo: 'RN-1',
    contact: { phone: '+86 21 5555 0101' },
    source: 'branch',
  },
};
const assigned = (managerId: string): ClientEvent => ({
  type: 'ManagerAssigned',
  data: { managerId, managerLevel: 'senior', reason: 'coverage' },
});

const given = (...events: ClientEvent[]) => {
  const log = new RecordedLog();
  for (const event of [registered, ...events]) log.append(STREAM, event);
  const view = log.events.reduce<ClientView | null>(evolveClientView, null);
  if (view === null) throw new Error('expected a view');
  return { log, view };
};

describe("the client view's team", () => {
  it('is absent before the first team event', () => {
    expect(given(assigned('M-1')).view.team).toBeUndefined();
  });

  it('holds the backup and the specialists since their events; a role change keeps the place and the date', () => {
    const { log, view } = given(
      assigned('M-1'),
      { type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-3', role: 'fx' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-4', role: 'credit' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-3', role: 'product' } },
    );
    const at = (revision: number) => log.events[revision]?.metadata.occurredAt;
    expect(view.team).toEqual({
      backupManager: { id: 'M-2', since: at(2) },
      specialists: [
        { managerId: 'M-3', role: 'product', since: at(3) },
        { managerId: 'M-4', role: 'credit', since: at(4) },
      ],
    });
  });

  it('loses whoever leaves, and whoever becomes the covering manager', () => {
    const { view } = given(
      assigned('M-1'),
      { type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-3', role: 'fx' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-4', role: 'credit' } },
      { type: 'SpecialistLeftTeam', data: { managerId: 'M-4' } },
      assigned('M-3'),
    );
    expect(view.team).toEqual({ backupManager: { id: 'M-2', since: expect.any(String) }, specialists: [] });
    const removed = given(
      { type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } },
      { type: 'BackupManagerRemoved', data: { managerId: 'M-2' } },
    );
    expect(removed.view.team).toEqual({ backupManager: null, specialists: [] });
    expect(
      given({ type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } }, assigned('M-2')).view.team,
    ).toEqual({ backupManager: null, specialists: [] });
  });

  it('shows the four events in the timeline with who and in what role, without the reason', () => {
    const { log } = given(
      { type: 'BackupManagerAssigned', data: { managerId: 'M-2', reason: 'A/B' } },
      { type: 'SpecialistJoinedTeam', data: { managerId: 'M-3', role: 'fx' } },
      { type: 'SpecialistLeftTeam', data: { managerId: 'M-3' } },
      { type: 'BackupManagerRemoved', data: { managerId: 'M-2' } },
    );
    expect(log.events.slice(1).map((event) => [event.type, toClientTimelineEntry(event).details])).toEqual([
      ['BackupManagerAssigned', { managerId: 'M-2' }],
      ['SpecialistJoinedTeam', { managerId: 'M-3', role: 'fx' }],
      ['SpecialistLeftTeam', { managerId: 'M-3' }],
      ['BackupManagerRemoved', { managerId: 'M-2' }],
    ]);
  });
});
