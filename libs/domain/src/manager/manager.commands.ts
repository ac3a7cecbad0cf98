import type { Command } from '../common/command';
import type { ManagerLevel } from '../common/scales';

export type RegisterManager = Command<
  'RegisterManager',
  { managerId: string; name: string; branchId: string; level: ManagerLevel }
>;

export type ChangeManagerLevel = Command<'ChangeManagerLevel', { level: ManagerLevel; reason: string }>;

export type ChangeManagerBranch = Command<'ChangeManagerBranch', { branchId: string; reason: string }>;

/** `departedAt` defaults to the command's time; a departure is a fact, so never later than that. */
export type RecordManagerDeparture = Command<'RecordManagerDeparture', { reason: string; departedAt?: string }>;

/** From the command's time until `until` (later than it); marking again replaces the absence. */
export type MarkManagerAbsence = Command<'MarkManagerAbsence', { until: string; reason: string }>;

/** The manager is back; nothing is recorded when they are not absent. */
export type EndManagerAbsence = Command<'EndManagerAbsence', Record<string, never>>;

export type ManagerCommand =
  | RegisterManager
  | ChangeManagerLevel
  | ChangeManagerBranch
  | RecordManagerDeparture
  | MarkManagerAbsence
  | EndManagerAbsence;
