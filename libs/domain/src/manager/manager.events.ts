import type { Event } from '../common/event';
import type { ManagerLevel } from '../common/scales';

export type ManagerRegistered = Event<
  'ManagerRegistered',
  { managerId: string; name: string; branchId: string; level: ManagerLevel }
>;

export type ManagerLevelChanged = Event<
  'ManagerLevelChanged',
  { from: ManagerLevel; to: ManagerLevel; reason: string }
>;

/** The manager moved to another branch; the clients they cover stay where they are. */
export type ManagerBranchChanged = Event<'ManagerBranchChanged', { from: string; to: string; reason: string }>;

export type ManagerDeparted = Event<'ManagerDeparted', { departedAt: string; reason: string }>;

/**
 * The manager is away from `from` (when it was marked) until `until`, which is always later: a
 * backup manager may act for them on their clients meanwhile. Marking again replaces the absence.
 */
export type ManagerAbsenceMarked = Event<'ManagerAbsenceMarked', { from: string; until: string; reason: string }>;

/** The manager is back before their absence ended (an absence also ends by itself at `until`). */
export type ManagerReturned = Event<'ManagerReturned', Record<string, never>>;

/** Facts about a relationship manager, stream `manager-<managerId>`. `name` is personal data. */
export type ManagerEvent =
  | ManagerRegistered
  | ManagerLevelChanged
  | ManagerBranchChanged
  | ManagerDeparted
  | ManagerAbsenceMarked
  | ManagerReturned;

export type ManagerEventType = ManagerEvent['type'];

export const MANAGER_EVENT_TYPES: readonly ManagerEventType[] = [
  'ManagerRegistered',
  'ManagerLevelChanged',
  'ManagerBranchChanged',
  'ManagerDeparted',
  'ManagerAbsenceMarked',
  'ManagerReturned',
];

export const managerStreamId = (managerId: string): string => `manager-${managerId}`;
