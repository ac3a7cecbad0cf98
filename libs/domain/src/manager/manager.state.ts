import type { ManagerLevel } from '../common/scales';

export type ManagerState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'active' | 'departed';
      managerId: string;
      name: string;
      branchId: string;
      level: ManagerLevel;
      /**
       * The end of the manager's latest absence (ManagerAbsenceMarked), null once they returned or
       * departed, or before any. They are absent while the time is before it.
       */
      absentUntil: string | null;
    }>;

/** What a client command needs to know about a manager; built from ManagerState by the handler. */
export type ManagerSnapshot = Readonly<{
  managerId: string;
  name: string;
  branchId: string;
  level: ManagerLevel;
  active: boolean;
  absentUntil: string | null;
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
        absentUntil: state.absentUntil,
      };

/** Whether the manager is absent at `now` (epoch milliseconds): an absence runs until its `until`, unless ended. */
export const isAbsentAt = (absentUntil: string | null, now: number): boolean =>
  absentUntil !== null && Date.parse(absentUntil) > now;
