import { sample } from './sample';

/** The sample client's team: a backup manager beside its covering manager, and an FX specialist for a while. */
export const teamSamples = () => [
  sample('2025-03-06T02:00:00.000Z', 'BackupManagerAssigned', {
    managerId: 'M-10021',
    reason: 'A/B role for a core client',
  }),
  sample('2025-03-12T03:00:00.000Z', 'SpecialistJoinedTeam', { managerId: 'M-10031', role: 'fx' }),
  sample('2025-08-01T02:00:00.000Z', 'SpecialistLeftTeam', { managerId: 'M-10031' }),
  sample('2025-08-02T02:00:00.000Z', 'BackupManagerRemoved', { managerId: 'M-10021' }),
];
