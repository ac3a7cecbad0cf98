import type { ClientTeamView, ClientView } from './client-view';
import { UNCHANGED, type ChangeHandlersFor, type ViewChanges } from './client-view-changes';

const NO_TEAM: ClientTeamView = { backupManager: null, specialists: [] };

/**
 * The team without `managerId`, who now covers the client (ManagerAssigned): the covering
 * manager is on the team as neither backup nor specialist, as the decider has it.
 */
export const teamWithoutPrimary = (view: ClientView, managerId: string): ViewChanges => {
  const team = view.team;
  if (team === undefined) return UNCHANGED;
  if (team.backupManager?.id !== managerId && !team.specialists.some((s) => s.managerId === managerId)) {
    return UNCHANGED;
  }
  return {
    team: {
      backupManager: team.backupManager?.id === managerId ? null : team.backupManager,
      specialists: team.specialists.filter((s) => s.managerId !== managerId),
    },
  };
};

/** The view's team: its backup manager and specialists, since when each is on it. */
export const TEAM_CHANGES: ChangeHandlersFor<
  'BackupManagerAssigned' | 'BackupManagerRemoved' | 'SpecialistJoinedTeam' | 'SpecialistLeftTeam'
> = {
  BackupManagerAssigned: (event, view, recorded) => ({
    team: {
      ...(view.team ?? NO_TEAM),
      backupManager: { id: event.data.managerId, since: recorded.metadata.occurredAt },
    },
  }),
  BackupManagerRemoved: (event, view) =>
    view.team?.backupManager?.id === event.data.managerId ? { team: { ...view.team, backupManager: null } } : UNCHANGED,
  SpecialistJoinedTeam: (event, view, recorded) => {
    const team = view.team ?? NO_TEAM;
    const { managerId, role } = event.data;
    const specialists = team.specialists.some((s) => s.managerId === managerId)
      ? team.specialists.map((s) => (s.managerId === managerId ? { ...s, role } : s))
      : [...team.specialists, { managerId, role, since: recorded.metadata.occurredAt }];
    return { team: { ...team, specialists } };
  },
  SpecialistLeftTeam: (event, view) =>
    view.team === undefined
      ? UNCHANGED
      : {
          team: {
            ...view.team,
            specialists: view.team.specialists.filter((s) => s.managerId !== event.data.managerId),
          },
        },
};
