import { assertNever } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { asManagerEvent, managerIdOfStream } from '../client-view/recorded-client-event';
import type { ManagerRow } from './manager-row';

/** Folds one manager-stream event into its `managers` row. Pure; null until ManagerRegistered. */
export const evolveManagerRow = (row: ManagerRow | null, recorded: RecordedEvent): ManagerRow | null => {
  const event = asManagerEvent(recorded);
  if (event === null) return row === null ? null : { ...row, revision: recorded.revision };
  switch (event.type) {
    case 'ManagerRegistered':
      return {
        managerId: managerIdOfStream(recorded.streamId),
        name: event.data.name,
        branchId: event.data.branchId,
        level: event.data.level,
        status: 'active',
        revision: recorded.revision,
      };
    case 'ManagerLevelChanged':
      return row === null ? null : { ...row, level: event.data.to, revision: recorded.revision };
    case 'ManagerBranchChanged':
      return row === null ? null : { ...row, branchId: event.data.to, revision: recorded.revision };
    case 'ManagerDeparted':
      return row === null ? null : { ...row, status: 'departed', revision: recorded.revision };
    // Absences are not in the row: the access guard reads them from the manager's stream.
    case 'ManagerAbsenceMarked':
    case 'ManagerReturned':
      return row === null ? null : { ...row, revision: recorded.revision };
    default:
      return assertNever(event);
  }
};
