import type { ManagerLevel } from '../common/scales';

export type ManagerState =
  | Readonly<{ status: 'none' }>
  | Readonly<{ status: 'active' | 'departed'; managerId: string; name: string; branchId: string; level: ManagerLevel }>;

/** What a client command needs to know about a manager; built from ManagerState by the handler. */
export type ManagerSnapshot = Readonly<{
  managerId: string;
  name: string;
  branchId: string;
  level: ManagerLevel;
  active: boolean;
}>;

export const initialManagerState: ManagerState = { status: 'none' };

export const toManagerSnapshot = (state: ManagerState): ManagerSnapshot | null =>
  state.status === 'none'
    ? null
    : {
        managerId: state.managerId,
        name: state.name,
        branchId: state.branchId,
        level: state.level,
        active: state.status === 'active',
      };
