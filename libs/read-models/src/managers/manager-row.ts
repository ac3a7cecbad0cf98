import type { ManagerLevel } from '@crm/domain';

/** A row of the `managers` read model; joined into client views for the manager's name and current level. */
export type ManagerRow = Readonly<{
  managerId: string;
  /** Personal data: shown to authorised readers, never logged. */
  name: string;
  branchId: string;
  level: ManagerLevel;
  status: 'active' | 'departed';
  /** Stream revision of the last event folded in. */
  revision: number;
}>;
