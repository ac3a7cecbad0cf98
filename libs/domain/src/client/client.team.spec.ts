import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { SpecialistRole } from '../common/scales';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { ClientCommand } from './client.commands';
import { clientDecider } from './client.decider';
import type { ClientEvent } from './client.events';
import type { ClientState } from './client.state';

const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-bh', role: 'branch_head' as const } };
const cmd = commandFactory<ClientCommand>(metadata);
const ev = eventFactory<ClientEvent>();
const spec = DeciderSpecification.for(clientDecider);

const manager = (managerId: string, active = true): ManagerSnapshot => ({
  managerId,
  name: 'Wang Fang',
  branchId: 'br-1',
  level: 'senior',
  active,
  absentUntil: null,
});

const registered = ev('ProspectRegistered', {
  clientId: 'c-1',
  branchId: 'br-1',
  segment: 'sme',
  industry: 'retail',
  legalName: 'Team Client Ltd',
  registrationNo: 'RN-1',
  contact: { phone: '+86 21 5555 0100' },
  source: 'branch',
});
const covered = [
  registered,
  ev('ManagerAssigned', { managerId: 'm-1', managerLevel: 'senior', reason: 'coverage' }),
] as const;

const backup = (managerId = 'm-2', snapshot: ManagerSnapshot | null = manager(managerId)) =>
  cmd('AssignBackupManager', { managerId, manager: snapshot, reason: 'A/B role' });
const backupAssigned = (managerId = 'm-2') => ev('BackupManagerAssigned', { managerId, reason: 'A/B role' });
const join = (managerId: string, role: SpecialistRole, snapshot: ManagerSnapshot | null = manager(managerId)) =>
  cmd('AddTeamSpecialist', { managerId, manager: snapshot, role });
const joined = (managerId: string, role: SpecialistRole) => ev('SpecialistJoinedTeam', { managerId, role });

const fold = (events: readonly ClientEvent[]): ClientState =>
  events.reduce(clientDecider.evolve, clientDecider.initialState());
const teamOf = (events: readonly ClientEvent[]) => {
  const state = fold(events);
  if (state.status === 'none') throw new Error('no client');
  return { backup: state.team.backupManagerId, specialists: Object.fromEntries(state.team.specialists) };
};

describe('the backup manager', () => {
  it('is assigned with a reason; the same one again records nothing, another replaces it', () => {
    spec.given(covered).when(backup()).then([backupAssigned()]);
    spec
      .given([...covered, backupAssigned()])
      .when(backup())
      .then([]);
    spec
      .given([...covered, backupAssigned()])
      .when(backup('m-3'))
      .then([backupAssigned('m-3')]);
    expect(teamOf([...covered, backupAssigned(), backupAssigned('m-3')]).backup).toBe('m-3');
  });

  it('may back up a client nobody covers yet', () => {
    spec.given([registered]).when(backup()).then([backupAssigned()]);
  });

  it('is refused on managerId when it is the covering manager, unknown or departed', () => {
    spec
      .given(covered)
      .when(backup('m-1'))
      .thenThrows('CLIENT.BACKUP_IS_PRIMARY', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(backup('m-9', null))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(backup('m-2', manager('m-2', false)))
      .thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(cmd('AssignBackupManager', { managerId: 'm-2', manager: manager('m-2'), reason: ' ' }))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'reason' });
  });

  it('is removed; without one, removing records nothing', () => {
    spec
      .given([...covered, backupAssigned()])
      .when(cmd('RemoveBackupManager', {}))
      .then([ev('BackupManagerRemoved', { managerId: 'm-2' })]);
    spec.given(covered).when(cmd('RemoveBackupManager', {})).then([]);
    expect(teamOf([...covered, backupAssigned(), ev('BackupManagerRemoved', { managerId: 'm-2' })]).backup).toBeNull();
  });

  it('leaves the team when a reassignment makes them the covering manager', () => {
    const promoted = ev('ManagerAssigned', {
      managerId: 'm-2',
      managerLevel: 'senior',
      previousManagerId: 'm-1',
      reason: 'the backup takes over',
    });
    expect(teamOf([...covered, backupAssigned(), promoted]).backup).toBeNull();
    spec
      .given([...covered, backupAssigned(), promoted])
      .when(cmd('RemoveBackupManager', {}))
      .then([]);
  });
});

describe('specialists on the team', () => {
  it('join with a role; the same role again records nothing, another changes it', () => {
    spec
      .given(covered)
      .when(join('m-3', 'fx'))
      .then([joined('m-3', 'fx')]);
    spec
      .given([...covered, joined('m-3', 'fx')])
      .when(join('m-3', 'fx'))
      .then([]);
    spec
      .given([...covered, joined('m-3', 'fx')])
      .when(join('m-3', 'credit'))
      .then([joined('m-3', 'credit')]);
    expect(teamOf([...covered, joined('m-3', 'fx'), joined('m-3', 'credit')]).specialists).toEqual({
      'm-3': 'credit',
    });
  });

  it('are refused when covering the client, unknown, departed or off the role scale', () => {
    spec
      .given(covered)
      .when(join('m-1', 'fx'))
      .thenThrows('CLIENT.SPECIALIST_IS_PRIMARY', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(join('m-9', 'fx', null))
      .thenThrows('MANAGER.NOT_FOUND', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(join('m-3', 'fx', manager('m-3', false)))
      .thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation', field: 'managerId' });
    spec
      .given(covered)
      .when(join('m-3', 'lawyer' as SpecialistRole))
      .thenThrows('CLIENT.INVALID_VALUE', { kind: 'invalid', field: 'role' });
  });

  it('are at most ten; a role change of one of them still goes through', () => {
    const ten = Array.from({ length: 10 }, (_, n) => joined(`s-${n}`, 'product'));
    spec
      .given([...covered, ...ten])
      .when(join('s-10', 'fx'))
      .thenThrows('CLIENT.TEAM_FULL', { kind: 'rule_violation' });
    spec
      .given([...covered, ...ten])
      .when(join('s-0', 'fx'))
      .then([joined('s-0', 'fx')]);
  });

  it('leave the team; one not on it is SPECIALIST.NOT_FOUND', () => {
    spec
      .given([...covered, joined('m-3', 'fx')])
      .when(cmd('RemoveTeamSpecialist', { managerId: 'm-3' }))
      .then([ev('SpecialistLeftTeam', { managerId: 'm-3' })]);
    spec
      .given(covered)
      .when(cmd('RemoveTeamSpecialist', { managerId: 'm-3' }))
      .thenThrows('SPECIALIST.NOT_FOUND', { kind: 'not_found' });
    expect(teamOf([...covered, joined('m-3', 'fx'), ev('SpecialistLeftTeam', { managerId: 'm-3' })])).toEqual({
      backup: null,
      specialists: {},
    });
  });

  it('leave it when they become the covering manager, and may be the backup too', () => {
    const events = [
      ...covered,
      joined('m-3', 'fx'),
      joined('m-4', 'credit'),
      backupAssigned('m-4'),
      ev('ManagerAssigned', { managerId: 'm-3', managerLevel: 'senior', previousManagerId: 'm-1', reason: 'r' }),
    ];
    expect(teamOf(events)).toEqual({ backup: 'm-4', specialists: { 'm-4': 'credit' } });
  });
});
