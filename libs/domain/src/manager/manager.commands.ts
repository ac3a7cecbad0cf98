import type { Command } from '../common/command';
import type { ManagerLevel } from '../common/scales';

export type RegisterManager = Command<
  'RegisterManager',
  { managerId: string; name: string; branchId: string; level: ManagerLevel }
>;

export type ChangeManagerLevel = Command<'ChangeManagerLevel', { level: ManagerLevel; reason: string }>;

export type RecordManagerDeparture = Command<'RecordManagerDeparture', { reason: string }>;

export type ManagerCommand = RegisterManager | ChangeManagerLevel | RecordManagerDeparture;
