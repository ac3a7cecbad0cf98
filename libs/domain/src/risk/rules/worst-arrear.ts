import { daysPastDueAt } from '../../credit/arrears';
import { ownValue } from '../own-record';
import type { ClientRiskState } from '../risk-state';

export type Arrear = Readonly<{ facilityId: string; daysPastDue: number }>;

/**
 * The client's most overdue facility at `at` (bank date in `timeZone`); the preferred facility
 * (the event's own) wins a tie, then the smallest id. null when no facility is past due.
 */
export const worstArrear = (
  state: ClientRiskState,
  at: number,
  timeZone: string,
  preferred: string | null = null,
): Arrear | null => {
  let worst: Arrear | null = null;
  const ids = Object.keys(state.facilities).sort();
  if (preferred !== null && ownValue(state.facilities, preferred) !== undefined) ids.unshift(preferred);
  for (const facilityId of ids) {
    const overdueSince = ownValue(state.facilities, facilityId)?.overdueSince ?? null;
    if (overdueSince === null) continue;
    const daysPastDue = daysPastDueAt(overdueSince, at, timeZone);
    if (daysPastDue > 0 && (worst === null || daysPastDue > worst.daysPastDue)) worst = { facilityId, daysPastDue };
  }
  return worst;
};
