import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { DomainErrorKind } from '../common/domain-error';
import type { ManagerLevel } from '../common/scales';
import type { ManagerCommand } from './manager.commands';
import { evolveManager, managerDecider } from './manager.decider';
import type { ManagerEvent } from './manager.events';
import { initialManagerState, toManagerSnapshot } from './manager.state';

const NOW = '2026-03-01T10:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-9', role: 'branch_head' as const } };

const cmd = commandFactory<ManagerCommand>(metadata);
const ev = eventFactory<ManagerEvent>();

const spec = DeciderSpecification.for(managerDecider);

const expectRejection = (
  given: readonly ManagerEvent[],
  command: ManagerCommand,
  code: string,
  kind: DomainErrorKind,
  field?: string,
): void => {
  const error = spec.given(given).when(command).thenThrows(code, { kind, field });
  expect(error.message).not.toContain('Li Na');
};

const registration = { managerId: 'm-1', name: 'Li Na', branchId: 'br-1', level: 'senior' as ManagerLevel };
const registered = ev('ManagerRegistered', registration);
const departed = ev('ManagerDeparted', { departedAt: '2026-02-01T00:00:00.000Z', reason: 'resigned' });

describe('RegisterManager', () => {
  test('registers a manager', () => {
    spec.given([]).when(cmd('RegisterManager', registration)).then([registered]);
  });

  test('an existing manager is MANAGER.ALREADY_EXISTS', () => {
    expectRejection([registered], cmd('RegisterManager', registration), 'MANAGER.ALREADY_EXISTS', 'conflict');
  });

  test('a departed manager cannot be registered again', () => {
    expectRejection([registered, departed], cmd('RegisterManager', registration), 'MANAGER.ALREADY_EXISTS', 'conflict');
  });

  test('a level off the scale is invalid', () => {
    expectRejection(
      [],
      cmd('RegisterManager', { ...registration, level: 'director' as ManagerLevel }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'level',
    );
  });

  test.each(['managerId', 'name', 'branchId'] as const)('a blank %s is invalid', (field) => {
    expectRejection(
      [],
      cmd('RegisterManager', { ...registration, [field]: ' ' }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      field,
    );
  });
});

describe('ChangeManagerLevel', () => {
  test('promotes a manager', () => {
    spec
      .given([registered])
      .when(cmd('ChangeManagerLevel', { level: 'principal', reason: 'promotion' }))
      .then([ev('ManagerLevelChanged', { from: 'senior', to: 'principal', reason: 'promotion' })]);
  });

  test('compares against the level after earlier changes', () => {
    spec
      .given([registered, ev('ManagerLevelChanged', { from: 'senior', to: 'associate', reason: 'review' })])
      .when(cmd('ChangeManagerLevel', { level: 'associate', reason: 'again' }))
      .then([]);
  });

  test('the same level is a no-op', () => {
    spec
      .given([registered])
      .when(cmd('ChangeManagerLevel', { level: 'senior', reason: 'confirmed' }))
      .then([]);
  });

  test('an unknown manager is MANAGER.NOT_FOUND', () => {
    expectRejection([], cmd('ChangeManagerLevel', { level: 'senior', reason: 'x' }), 'MANAGER.NOT_FOUND', 'not_found');
  });

  test('a departed manager is MANAGER.INACTIVE', () => {
    expectRejection(
      [registered, departed],
      cmd('ChangeManagerLevel', { level: 'principal', reason: 'x' }),
      'MANAGER.INACTIVE',
      'rule_violation',
    );
  });

  test('a level off the scale is invalid', () => {
    expectRejection(
      [registered],
      cmd('ChangeManagerLevel', { level: 'vp' as ManagerLevel, reason: 'x' }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'level',
    );
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      [registered],
      cmd('ChangeManagerLevel', { level: 'principal', reason: '' }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('ChangeManagerBranch', () => {
  test('moves the manager to another branch, and the same branch again records nothing', () => {
    spec
      .given([registered])
      .when(cmd('ChangeManagerBranch', { branchId: 'BR-OTHER', reason: 'rotation' }))
      .then([ev('ManagerBranchChanged', { from: registration.branchId, to: 'BR-OTHER', reason: 'rotation' })]);
    spec
      .given([registered])
      .when(cmd('ChangeManagerBranch', { branchId: registration.branchId, reason: 'x' }))
      .then([]);
  });

  test('a departed manager is MANAGER.INACTIVE, a blank branch invalid', () => {
    expectRejection(
      [registered, departed],
      cmd('ChangeManagerBranch', { branchId: 'BR-OTHER', reason: 'late' }),
      'MANAGER.INACTIVE',
      'rule_violation',
    );
    expectRejection(
      [registered],
      cmd('ChangeManagerBranch', { branchId: '', reason: 'rotation' }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'branchId',
    );
  });
});

describe('RecordManagerDeparture', () => {
  test('records a departure at the command time', () => {
    spec
      .given([registered])
      .when(cmd('RecordManagerDeparture', { reason: 'resigned' }))
      .then([ev('ManagerDeparted', { departedAt: NOW, reason: 'resigned' })]);
  });

  test('records the departure time given, when it is not after the command time', () => {
    spec
      .given([registered])
      .when(cmd('RecordManagerDeparture', { reason: 'resigned', departedAt: '2026-02-27T17:00:00+08:00' }))
      .then([ev('ManagerDeparted', { departedAt: '2026-02-27T17:00:00+08:00', reason: 'resigned' })]);
  });

  test('a departure in the future is invalid', () => {
    const later = new Date(Date.parse(NOW) + 60_000).toISOString();
    expectRejection(
      [registered],
      cmd('RecordManagerDeparture', { reason: 'leaving', departedAt: later }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'departedAt',
    );
  });

  test('an unknown manager is MANAGER.NOT_FOUND', () => {
    expectRejection([], cmd('RecordManagerDeparture', { reason: 'x' }), 'MANAGER.NOT_FOUND', 'not_found');
  });

  test('departing again records nothing: the first departure stands', () => {
    spec
      .given([registered, departed])
      .when(cmd('RecordManagerDeparture', { reason: 'again', departedAt: '2020-01-01T00:00:00.000Z' }))
      .then([]);
  });

  test('a blank reason is invalid', () => {
    expectRejection(
      [registered],
      cmd('RecordManagerDeparture', { reason: '' }),
      'MANAGER.INVALID_VALUE',
      'invalid',
      'reason',
    );
  });
});

describe('manager state', () => {
  test('folds into the snapshot client commands carry', () => {
    const state = [
      registered,
      ev('ManagerLevelChanged', { from: 'senior', to: 'principal', reason: 'p' }),
      departed,
    ].reduce(evolveManager, initialManagerState);
    expect(toManagerSnapshot(state)).toEqual({
      managerId: 'm-1',
      name: 'Li Na',
      branchId: 'br-1',
      level: 'principal',
      active: false,
      absentUntil: null,
    });
  });

  test('starts empty and ignores facts about an unregistered manager', () => {
    expect(managerDecider.initialState()).toEqual({ status: 'none' });
    expect(evolveManager(initialManagerState, departed)).toEqual({ status: 'none' });
  });
});
