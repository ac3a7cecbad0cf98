import { invalid, notFound, ruleViolation } from '../common/domain-error';
import { canCoverCoreClient, CLIENT_TIERS } from '../common/scales';
import type { ManagerSnapshot } from '../manager/manager.state';
import type { AssignManager, ChangeTier, NoteCoverageLapse } from './client.commands';
import type { ClientEvent, ClientTierChanged, CoverageLapsed, ManagerAssigned } from './client.events';
import type { ExistingClientState } from './client.state';
import { requireDecimal, requireIsoTime, requireOn, requireText } from './validation';

/** Validates a command's manager snapshot; the snapshot is null when the manager stream is empty. */
export const requireActiveManager = (managerId: string, manager: ManagerSnapshot | null): ManagerSnapshot => {
  if (manager === null) throw notFound('MANAGER.NOT_FOUND', `manager ${managerId} does not exist`);
  // A snapshot of another manager means the handler loaded the wrong stream; refuse rather than guess.
  if (manager.managerId !== managerId) {
    throw invalid('CLIENT.INVALID_VALUE', 'manager snapshot does not match managerId', 'managerId');
  }
  if (!manager.active) throw ruleViolation('MANAGER.INACTIVE', `manager ${managerId} is no longer active`, 'managerId');
  return manager;
};

/**
 * The manager a visit, task or opportunity names, refused on the field that named them (422): an
 * entry for nobody, or for someone who left, would never be worked.
 */
export const requireNamedManager = (managerId: string, manager: ManagerSnapshot | null, field: string): void => {
  if (manager === null || manager.managerId !== managerId) {
    throw ruleViolation('MANAGER.NOT_FOUND', `manager ${managerId} does not exist`, field);
  }
  if (!manager.active) throw ruleViolation('MANAGER.INACTIVE', `manager ${managerId} is no longer active`, field);
};

export const assignManager = ({ data }: AssignManager, state: ExistingClientState): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  const reason = requireText(data.reason, 'reason');
  const handoverId = data.handoverId === undefined ? undefined : requireText(data.handoverId, 'handoverId');
  const manager = requireActiveManager(managerId, data.manager);
  if (state.manager?.managerId === managerId) return [];
  if (state.tier === 'core' && !canCoverCoreClient(manager.level) && handoverId === undefined) {
    throw ruleViolation(
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      `a core client needs a senior or principal manager, not ${manager.level}`,
      'managerId',
    );
  }
  return [
    {
      type: 'ManagerAssigned',
      data: {
        managerId,
        managerLevel: manager.level,
        ...(state.manager === null ? {} : { previousManagerId: state.manager.managerId }),
        reason,
        ...(handoverId === undefined ? {} : { handoverId }),
      },
    },
  ];
};

/**
 * Idempotent: the departure's fan-out is sent again after a failure part-way, and a client moved
 * on since (a handover came first) or already noted gets nothing.
 */
export const noteCoverageLapse = ({ data }: NoteCoverageLapse, state: ExistingClientState): ClientEvent[] => {
  const managerId = requireText(data.managerId, 'managerId');
  requireIsoTime(data.departedAt, 'departedAt');
  if (state.manager?.managerId !== managerId || state.manager.lapsedAt !== undefined) return [];
  return [{ type: 'CoverageLapsed', data: { managerId, departedAt: data.departedAt } }];
};

const requireCoreCoverage = (state: ExistingClientState, snapshot: ManagerSnapshot | null): void => {
  if (state.manager === null) {
    throw ruleViolation('CLIENT.MANAGER_REQUIRED', 'a core client needs an assigned manager', 'tier');
  }
  // Prefer the manager's live level (a demotion after assignment counts); fall back to the level
  // recorded at assignment when the handler could not load a snapshot of that manager.
  const live = snapshot?.managerId === state.manager.managerId ? snapshot : null;
  if (live !== null && !live.active) {
    throw ruleViolation('MANAGER.INACTIVE', `manager ${live.managerId} is no longer active`, 'tier');
  }
  const level = live?.level ?? state.manager.level;
  if (!canCoverCoreClient(level)) {
    throw ruleViolation(
      'CLIENT.CORE_TIER_NEEDS_SENIOR_MANAGER',
      `a core client needs a senior or principal manager, not ${level}`,
      'tier',
    );
  }
};

export const changeTier = ({ data }: ChangeTier, state: ExistingClientState): ClientEvent[] => {
  const tier = requireOn(CLIENT_TIERS, data.tier, 'tier');
  const reason = requireText(data.reason, 'reason');
  const annualContribution =
    data.annualContribution === undefined ? undefined : requireDecimal(data.annualContribution, 'annualContribution');
  if (state.tier === tier) return [];
  if (tier === 'core') requireCoreCoverage(state, data.currentManager);
  return [
    {
      type: 'ClientTierChanged',
      data: {
        from: state.tier,
        to: tier,
        ...(annualContribution === undefined ? {} : { annualContribution }),
        reason,
      },
    },
  ];
};

export const applyManagerAssigned = (state: ExistingClientState, { data }: ManagerAssigned): ExistingClientState => ({
  ...state,
  manager: { managerId: data.managerId, level: data.managerLevel },
});

export const applyCoverageLapsed = (state: ExistingClientState, { data }: CoverageLapsed): ExistingClientState =>
  state.manager?.managerId === data.managerId
    ? { ...state, manager: { ...state.manager, lapsedAt: data.departedAt } }
    : state;

/** Who covers the client: an assignment, or the lapse a departure leaves. */
export const evolveCoverage = (
  state: ExistingClientState,
  event: ManagerAssigned | CoverageLapsed,
): ExistingClientState =>
  event.type === 'ManagerAssigned' ? applyManagerAssigned(state, event) : applyCoverageLapsed(state, event);

export const applyClientTierChanged = (
  state: ExistingClientState,
  { data }: ClientTierChanged,
): ExistingClientState => ({
  ...state,
  tier: data.to,
});
