import { commandFactory, DeciderSpecification, eventFactory } from '@crm/testing';
import type { ManagerCommand } from './manager.commands';
import { evolveManager, managerDecider } from './manager.decider';
import type { ManagerEvent } from './manager.events';
import { initialManagerState, isAbsentAt, toManagerSnapshot } from './manager.state';

const NOW = '2026-03-01T10:00:00.000Z';
const UNTIL = '2026-03-15T00:00:00.000Z';
const metadata = { now: NOW, actor: { userId: 'u-bh', role: 'branch_head' as const } };
const cmd = commandFactory<ManagerCommand>(metadata);
const ev = eventFactory<ManagerEvent>();
const spec = DeciderSpecification.for(managerDecider);

const registered = ev('ManagerRegistered', { managerId: 'm-1', name: 'Li Na', branchId: 'br-1', level: 'senior' });
const absent = ev('ManagerAbsenceMarked', { from: NOW, until: UNTIL, reason: 'annual leave' });
const mark = (until: string, reason = 'annual leave') => cmd('MarkManagerAbsence', { until, reason });

describe('MarkManagerAbsence', () => {
  it('marks the manager absent from now until the end given, as a UTC instant', () => {
    spec.given([registered]).when(mark(UNTIL)).then([absent]);
    spec.given([registered]).when(mark('2026-03-15T08:00:00+08:00')).then([absent]);
  });

  it('marking again replaces the absence; the same end again records nothing', () => {
    spec
      .given([registered, absent])
      .when(mark('2026-03-20T00:00:00.000Z', 'training'))
      .then([ev('ManagerAbsenceMarked', { from: NOW, until: '2026-03-20T00:00:00.000Z', reason: 'training' })]);
    spec.given([registered, absent]).when(mark(UNTIL, 'still on leave')).then([]);
  });

  it('refuses an end not later than now, or not an instant, on `until`; a blank reason on `reason`', () => {
    for (const until of [NOW, '2026-02-28T10:00:00.000Z', 'next week']) {
      spec
        .given([registered])
        .when(mark(until))
        .thenThrows('MANAGER.INVALID_VALUE', { kind: 'invalid', field: 'until' });
    }
    spec
      .given([registered])
      .when(mark(UNTIL, ' '))
      .thenThrows('MANAGER.INVALID_VALUE', { kind: 'invalid', field: 'reason' });
  });

  it('refuses a departed manager and an unknown one', () => {
    const departed = ev('ManagerDeparted', { departedAt: '2026-02-01T00:00:00.000Z', reason: 'resigned' });
    spec.given([registered, departed]).when(mark(UNTIL)).thenThrows('MANAGER.INACTIVE', { kind: 'rule_violation' });
    spec.given([]).when(mark(UNTIL)).thenThrows('MANAGER.NOT_FOUND', { kind: 'not_found' });
  });
});

describe('EndManagerAbsence', () => {
  const end = cmd('EndManagerAbsence', {});

  it('records the return of an absent manager', () => {
    spec
      .given([registered, absent])
      .when(end)
      .then([ev('ManagerReturned', {})]);
  });

  it('records nothing for a manager who is not absent: never was, back already, or the absence ran out', () => {
    spec.given([registered]).when(end).then([]);
    spec
      .given([registered, absent, ev('ManagerReturned', {})])
      .when(end)
      .then([]);
    const past = ev('ManagerAbsenceMarked', {
      from: '2026-02-01T00:00:00.000Z',
      until: '2026-02-10T00:00:00.000Z',
      reason: 'leave',
    });
    spec.given([registered, past]).when(end).then([]);
  });
});

describe('absence in the state and the snapshot', () => {
  const fold = (events: readonly ManagerEvent[]) => events.reduce(evolveManager, initialManagerState);

  it('keeps the end of the absence until the return or a departure', () => {
    expect(toManagerSnapshot(fold([registered]))?.absentUntil).toBeNull();
    expect(toManagerSnapshot(fold([registered, absent]))?.absentUntil).toBe(UNTIL);
    expect(toManagerSnapshot(fold([registered, absent, ev('ManagerReturned', {})]))?.absentUntil).toBeNull();
    const departed = ev('ManagerDeparted', { departedAt: NOW, reason: 'resigned' });
    expect(toManagerSnapshot(fold([registered, absent, departed]))).toMatchObject({ active: false, absentUntil: null });
  });

  it('is absent while the time is before the end', () => {
    expect(isAbsentAt(UNTIL, Date.parse(NOW))).toBe(true);
    expect(isAbsentAt(UNTIL, Date.parse(UNTIL))).toBe(false);
    expect(isAbsentAt(null, Date.parse(NOW))).toBe(false);
  });
});
