import type { ManagerLevel } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import { asClientEvent } from '../client-view/recorded-client-event';

/** One period in which a manager covered the client; `to` is null for the current one. */
export type CoveragePeriod = Readonly<{
  revision: number;
  managerId: string;
  managerLevel: ManagerLevel;
  from: string;
  to: string | null;
  reason: string;
  /** The handover that moved the client to this manager, when a handover did. */
  handoverId: string | null;
}>;

/**
 * Who covered the client and when, read from the client's own stream (oldest first): each
 * ManagerAssigned opens a period and closes the one before, unless a CoverageLapsed closed it
 * already at the manager's departure (the client was uncovered between the two). Times are when
 * the assignment was recorded, which is when it took effect.
 */
export const coverageHistoryOf = (events: readonly RecordedEvent[]): CoveragePeriod[] => {
  const periods: CoveragePeriod[] = [];
  for (const recorded of events) {
    const event = asClientEvent(recorded);
    const last = periods.length - 1;
    if (event?.type === 'CoverageLapsed') {
      if (last >= 0 && periods[last].to === null && periods[last].managerId === event.data.managerId) {
        periods[last] = { ...periods[last], to: event.data.departedAt };
      }
      continue;
    }
    if (event?.type !== 'ManagerAssigned') continue;
    const at = recorded.recordedAt;
    if (last >= 0 && periods[last].to === null) periods[last] = { ...periods[last], to: at };
    periods.push({
      revision: recorded.revision,
      managerId: event.data.managerId,
      managerLevel: event.data.managerLevel,
      from: at,
      to: null,
      reason: event.data.reason,
      handoverId: event.data.handoverId ?? null,
    });
  }
  return periods;
};
