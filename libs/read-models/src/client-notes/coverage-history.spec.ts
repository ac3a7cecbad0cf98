import { RecordedLog } from '@crm/testing';
import { coverageHistoryOf } from './coverage-history';

const STREAM = 'client-0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('coverage history', () => {
  it('gives each manager a period that the next assignment closes', () => {
    const log = new RecordedLog();
    log.append(STREAM, { type: 'ManagerAssigned', data: { managerId: 'M-1', managerLevel: 'senior', reason: 'new' } });
    log.append(STREAM, { type: 'ClientTierChanged', data: { from: null, to: 'core', reason: 'review' } });
    log.append(STREAM, {
      type: 'ManagerAssigned',
      data: {
        managerId: 'M-2',
        managerLevel: 'associate',
        previousManagerId: 'M-1',
        reason: 'handover',
        handoverId: 'H-1',
      },
    });
    const [first, , second] = log.events;

    expect(coverageHistoryOf(log.events)).toEqual([
      {
        revision: first.revision,
        managerId: 'M-1',
        managerLevel: 'senior',
        from: first.recordedAt,
        to: second.recordedAt,
        reason: 'new',
        handoverId: null,
      },
      {
        revision: second.revision,
        managerId: 'M-2',
        managerLevel: 'associate',
        from: second.recordedAt,
        to: null,
        reason: 'handover',
        handoverId: 'H-1',
      },
    ]);
  });

  it("ends a period at the manager's departure, leaving the client uncovered until the next assignment", () => {
    const log = new RecordedLog();
    log.append(STREAM, { type: 'ManagerAssigned', data: { managerId: 'M-1', managerLevel: 'senior', reason: 'new' } });
    log.append(STREAM, {
      type: 'CoverageLapsed',
      data: { managerId: 'M-1', departedAt: '2026-11-30T09:00:00.000Z' },
    });
    const lapsed = coverageHistoryOf(log.events);
    expect(lapsed.map(({ managerId, to }) => ({ managerId, to }))).toEqual([
      { managerId: 'M-1', to: '2026-11-30T09:00:00.000Z' },
    ]);

    log.append(STREAM, {
      type: 'ManagerAssigned',
      data: { managerId: 'M-2', managerLevel: 'senior', previousManagerId: 'M-1', reason: 'handover' },
    });
    const third = log.events[2];
    expect(coverageHistoryOf(log.events).map(({ managerId, from, to }) => ({ managerId, from, to }))).toEqual([
      { managerId: 'M-1', from: log.events[0].recordedAt, to: '2026-11-30T09:00:00.000Z' },
      { managerId: 'M-2', from: third.recordedAt, to: null },
    ]);
  });

  it('is empty for a client never assigned', () => {
    const log = new RecordedLog();
    log.append(STREAM, { type: 'ClientTierChanged', data: { from: null, to: 'key', reason: 'review' } });
    expect(coverageHistoryOf(log.events)).toEqual([]);
  });
});
