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

/** Facts about a relationship manager, stream `manager-<managerId>`. `name` is personal data. */
export type ManagerEvent = ManagerRegistered | ManagerLevelChanged | ManagerBranchChanged | ManagerDeparted;

export type ManagerEventType = ManagerEvent['type'];

export const MANAGER_EVENT_TYPES: readonly ManagerEventType[] = [
  'ManagerRegistered',
  'ManagerLevelChanged',
  'ManagerBranchChanged',
  'ManagerDeparted',
];

export const managerStreamId = (managerId: string): string => `manager-${managerId}`;
