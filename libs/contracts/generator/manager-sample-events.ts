import { sample } from './sample';

/** The sample client's manager, whose own life the manager samples tell. */
export const MANAGER_ID = 'M-10017';
export const MANAGER_STREAM = `manager-${MANAGER_ID}`;

export const MANAGER_SAMPLES = [
  sample('2025-02-03T01:00:00.000Z', 'ManagerRegistered', {
    managerId: MANAGER_ID,
    name: 'Zhang Min',
    branchId: 'BR-SH-001',
    level: 'associate',
  }),
  sample('2025-03-01T01:00:00.000Z', 'ManagerLevelChanged', {
    from: 'associate',
    to: 'senior',
    reason: 'promotion 2025',
  }),
  sample('2025-04-01T01:00:00.000Z', 'ManagerBranchChanged', {
    from: 'BR-SH-001',
    to: 'BR-SH-002',
    reason: 'rotation',
  }),
  sample('2025-05-05T01:00:00.000Z', 'ManagerAbsenceMarked', {
    from: '2025-05-05T01:00:00.000Z',
    until: '2025-05-16T10:00:00.000Z',
    reason: 'annual leave',
  }),
  sample('2025-05-14T01:00:00.000Z', 'ManagerReturned', {}),
  sample('2025-06-30T10:00:00.000Z', 'ManagerDeparted', {
    departedAt: '2025-06-30T10:00:00.000Z',
    reason: 'moved to another bank',
  }),
] as const;
