import type { Decider } from '../common/decider';
import { assertNever } from '../common/decider';
import { conflict, notFound, ruleViolation } from '../common/domain-error';
import { MANAGER_LEVELS } from '../common/scales';
import { requireIsoTime, requireOn, requireText } from '../client/validation';
import type {
  ChangeManagerBranch,
  ChangeManagerLevel,
  EndManagerAbsence,
  ManagerCommand,
  MarkManagerAbsence,
  RecordManagerDeparture,
  RegisterManager,
} from './manager.commands';
import type { ManagerEvent } from './manager.events';
import { isAbsentAt, type ManagerState } from './manager.state';
import type { DomainErrorCode } from '../common/domain-error';
import { invalid } from '../common/domain-error';

const MANAGER_INVALID: DomainErrorCode = 'MANAGER.INVALID_VALUE';
import { initialManagerState } from './manager.state';

type ExistingManager = Exclude<ManagerState, { status: 'none' }>;

export const decideManager = (command: ManagerCommand, state: ManagerState): ManagerEvent[] => {
  if (command.type === 'RegisterManager') return registerManager(command, state);
  if (state.status === 'none') throw notFound('MANAGER.NOT_FOUND', 'manager does not exist');

  switch (command.type) {
    case 'ChangeManagerLevel':
      return changeManagerLevel(command, state);
    case 'ChangeManagerBranch':
      return changeManagerBranch(command, state);
    case 'RecordManagerDeparture':
      return recordManagerDeparture(command, state);
    case 'MarkManagerAbsence':
      return markManagerAbsence(command, state);
    case 'EndManagerAbsence':
      return endManagerAbsence(command, state);
    default:
      return assertNever(command);
  }
};

const requireActive = (state: ExistingManager): void => {
  if (state.status === 'departed') {
    throw ruleViolation('MANAGER.INACTIVE', `manager ${state.managerId} has departed`);
  }
};

const registerManager = ({ data }: RegisterManager, state: ManagerState): ManagerEvent[] => {
  if (state.status !== 'none') throw conflict('MANAGER.ALREADY_EXISTS', `manager ${state.managerId} already exists`);
  return [
    {
      type: 'ManagerRegistered',
      data: {
        managerId: requireText(data.managerId, 'managerId', MANAGER_INVALID),
        name: requireText(data.name, 'name', MANAGER_INVALID),
        branchId: requireText(data.branchId, 'branchId', MANAGER_INVALID),
        level: requireOn(MANAGER_LEVELS, data.level, 'level', MANAGER_INVALID),
      },
    },
  ];
};

const changeManagerLevel = ({ data }: ChangeManagerLevel, state: ExistingManager): ManagerEvent[] => {
  const level = requireOn(MANAGER_LEVELS, data.level, 'level', MANAGER_INVALID);
  const reason = requireText(data.reason, 'reason', MANAGER_INVALID);
  requireActive(state);
  if (state.level === level) return [];
  return [{ type: 'ManagerLevelChanged', data: { from: state.level, to: level, reason } }];
};

const changeManagerBranch = ({ data }: ChangeManagerBranch, state: ExistingManager): ManagerEvent[] => {
  const branchId = requireText(data.branchId, 'branchId', MANAGER_INVALID);
  const reason = requireText(data.reason, 'reason', MANAGER_INVALID);
  requireActive(state);
  if (state.branchId === branchId) return [];
  return [{ type: 'ManagerBranchChanged', data: { from: state.branchId, to: branchId, reason } }];
};

const recordManagerDeparture = ({ data, metadata }: RecordManagerDeparture, state: ExistingManager): ManagerEvent[] => {
  const reason = requireText(data.reason, 'reason', MANAGER_INVALID);
  const departedAt = data.departedAt === undefined ? metadata.now : data.departedAt;
  if (requireIsoTime(departedAt, 'departedAt', MANAGER_INVALID) > Date.parse(metadata.now)) {
    throw invalid(MANAGER_INVALID, 'departedAt must not be in the future', 'departedAt');
  }
  // Recorded again (the notes on the clients were cut short by a failure), the first date stands.
  if (state.status === 'departed') return [];
  return [{ type: 'ManagerDeparted', data: { departedAt, reason } }];
};

/** From now until `until`, which must be later; the same end again records nothing, another replaces it. */
const markManagerAbsence = ({ data, metadata }: MarkManagerAbsence, state: ExistingManager): ManagerEvent[] => {
  const end = requireIsoTime(data.until, 'until', MANAGER_INVALID);
  const reason = requireText(data.reason, 'reason', MANAGER_INVALID);
  if (end <= Date.parse(metadata.now)) throw invalid(MANAGER_INVALID, 'until must be later than now', 'until');
  requireActive(state);
  const until = new Date(end).toISOString();
  if (state.absentUntil === until) return [];
  return [{ type: 'ManagerAbsenceMarked', data: { from: metadata.now, until, reason } }];
};

/** Ends the absence now; a manager who is not absent (never was, returned, or it ran out) records nothing. */
const endManagerAbsence = ({ metadata }: EndManagerAbsence, state: ExistingManager): ManagerEvent[] =>
  isAbsentAt(state.absentUntil, Date.parse(metadata.now)) ? [{ type: 'ManagerReturned', data: {} }] : [];

export const evolveManager = (state: ManagerState, event: ManagerEvent): ManagerState => {
  switch (event.type) {
    case 'ManagerRegistered':
      return {
        status: 'active',
        managerId: event.data.managerId,
        name: event.data.name,
        branchId: event.data.branchId,
        level: event.data.level,
        absentUntil: null,
      };
    case 'ManagerLevelChanged':
      return state.status === 'none' ? state : { ...state, level: event.data.to };
    case 'ManagerBranchChanged':
      return state.status === 'none' ? state : { ...state, branchId: event.data.to };
    // A departure ends any absence: the clients are then uncovered and handed over, not stood in for.
    case 'ManagerDeparted':
      return state.status === 'none' ? state : { ...state, status: 'departed', absentUntil: null };
    case 'ManagerAbsenceMarked':
      return state.status === 'none' ? state : { ...state, absentUntil: event.data.until };
    case 'ManagerReturned':
      return state.status === 'none' ? state : { ...state, absentUntil: null };
    default:
      return assertNever(event);
  }
};

export const managerDecider: Decider<ManagerState, ManagerCommand, ManagerEvent> = {
  decide: decideManager,
  evolve: evolveManager,
  initialState: () => initialManagerState,
};
