import { notFound, ruleViolation } from '../common/domain-error';
import { MAX_TEAM_SPECIALISTS, SPECIALIST_ROLES } from '../common/scales';
import type {
  AddTeamSpecialist,
  AssignBackupManager,
  ClientCommand,
  RemoveBackupManager,
  RemoveTeamSpecialist,
} from './client.commands';
import type {
  BackupManagerAssigned,
  BackupManagerRemoved,
  ClientEvent,
  ManagerAssigned,
  SpecialistJoinedTeam,
  SpecialistLeftTeam,
} from './client.events';
import type { ClientTeamState, ExistingClientState } from './client.state';
import { requireNamedManager } from './client-coverage.decider';
import { requireOn, requireText } from './validation';

/**
 * The client's team beside its covering manager (issue 17, item 3): a backup manager (the A/B
 * role), who may act on the client while the covering manager is absent (the access guard decides
 * that, from the manager's stream), and specialists (product, credit, FX) who may read it. Whoever
 * is on the team must be an active manager and not the covering one; a reassignment that makes a
 * team member the covering manager takes them off the team (evolve).
 */
type TeamCommand = AssignBackupManager | RemoveBackupManager | AddTeamSpecialist | RemoveTeamSpecialist;
type TeamEvent = BackupManagerAssigned | BackupManagerRemoved | SpecialistJoinedTeam | SpecialistLeftTeam;

/** Total maps, so a command or event added to the team's unions does not compile until it is routed here. */
const TEAM_COMMANDS: { readonly [T in TeamCommand['type']]: true } = {
  AssignBackupManager: true,
  RemoveBackupManager: true,
  AddTeamSpecialist: true,
  RemoveTeamSpecialist: true,
};
const TEAM_EVENTS: { readonly [T in TeamEvent['type']]: true } = {
  BackupManagerAssigned: true,
  BackupManagerRemoved: true,
  SpecialistJoinedTeam: true,
  SpecialistLeftTeam: true,
};

/** The client decider routes the team's commands and events here, from its switches' defaults. */
export const isTeamCommand = (command: ClientCommand): command is TeamCommand =>
  Object.hasOwn(TEAM_COMMANDS, command.type);
export const isTeamEvent = (event: ClientEvent): event is TeamEvent => Object.hasOwn(TEAM_EVENTS, event.type);

export const noTeam: ClientTeamState = { backupManagerId: null, specialists: new Map() };

const assignBackup = ({ data }: AssignBackupManager, state: ExistingClientState): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  const reason = requireText(data.reason, 'reason');
  if (state.manager?.managerId === managerId) {
    throw ruleViolation('CLIENT.BACKUP_IS_PRIMARY', `manager ${managerId} covers the client already`, 'managerId');
  }
  requireNamedManager(managerId, data.manager, 'managerId');
  if (state.team.backupManagerId === managerId) return [];
  return [{ type: 'BackupManagerAssigned', data: { managerId, reason } }];
};

const removeBackup = (_command: RemoveBackupManager, state: ExistingClientState): ClientEvent[] => {
  const managerId = state.team.backupManagerId;
  return managerId === null ? [] : [{ type: 'BackupManagerRemoved', data: { managerId } }];
};

const addSpecialist = ({ data }: AddTeamSpecialist, state: ExistingClientState): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  const role = requireOn(SPECIALIST_ROLES, data.role, 'role');
  if (state.manager?.managerId === managerId) {
    throw ruleViolation('CLIENT.SPECIALIST_IS_PRIMARY', `manager ${managerId} covers the client already`, 'managerId');
  }
  requireNamedManager(managerId, data.manager, 'managerId');
  const current = state.team.specialists.get(managerId);
  if (current === role) return [];
  if (current === undefined && state.team.specialists.size >= MAX_TEAM_SPECIALISTS) {
    throw ruleViolation('CLIENT.TEAM_FULL', `a team holds at most ${MAX_TEAM_SPECIALISTS} specialists`, 'managerId');
  }
  return [{ type: 'SpecialistJoinedTeam', data: { managerId, role } }];
};

const removeSpecialist = ({ data }: RemoveTeamSpecialist, state: ExistingClientState): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  if (!state.team.specialists.has(managerId)) {
    throw notFound('SPECIALIST.NOT_FOUND', `manager ${managerId} is not a specialist on the team`);
  }
  return [{ type: 'SpecialistLeftTeam', data: { managerId } }];
};

/** The team's commands, routed here as one group so the client decider stays one screen. */
export const decideTeam = (command: TeamCommand, state: ExistingClientState): ClientEvent[] => {
  switch (command.type) {
    case 'AssignBackupManager':
      return assignBackup(command, state);
    case 'RemoveBackupManager':
      return removeBackup(command, state);
    case 'AddTeamSpecialist':
      return addSpecialist(command, state);
    case 'RemoveTeamSpecialist':
      return removeSpecialist(command, state);
  }
};

const withoutSpecialist = (team: ClientTeamState, managerId: string): ClientTeamState => {
  if (!team.specialists.has(managerId)) return team;
  const specialists = new Map(team.specialists);
  specialists.delete(managerId);
  return { ...team, specialists };
};

/**
 * The team's events, and ManagerAssigned (after the coverage decider has applied it): the new
 * covering manager leaves the team, as backup or specialist. Events about someone not on the team
 * change nothing, so evolve stays total.
 */
export const evolveTeam = (state: ExistingClientState, event: TeamEvent | ManagerAssigned): ExistingClientState => {
  const { team } = state;
  switch (event.type) {
    case 'BackupManagerAssigned':
      return { ...state, team: { ...team, backupManagerId: event.data.managerId } };
    case 'BackupManagerRemoved':
      return team.backupManagerId === event.data.managerId
        ? { ...state, team: { ...team, backupManagerId: null } }
        : state;
    case 'SpecialistJoinedTeam':
      return {
        ...state,
        team: { ...team, specialists: new Map(team.specialists).set(event.data.managerId, event.data.role) },
      };
    case 'SpecialistLeftTeam':
      return { ...state, team: withoutSpecialist(team, event.data.managerId) };
    case 'ManagerAssigned': {
      const { managerId } = event.data;
      if (team.backupManagerId !== managerId && !team.specialists.has(managerId)) return state;
      const backupManagerId = team.backupManagerId === managerId ? null : team.backupManagerId;
      return { ...state, team: { ...withoutSpecialist(team, managerId), backupManagerId } };
    }
  }
};
