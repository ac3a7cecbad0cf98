import { classificationFloor, daysPastDueAt, isBelowFloor, type FloorThresholds } from '@crm/domain';
import type { ClassificationFloorView, ClientView, FacilityView } from './client-view';

/** What reading arrears at an instant needs: the bank's zone and the floors of the rules file. */
export type ArrearsReading = Readonly<{ timeZone: string; floors: FloorThresholds }>;

/** A document stored before arrears were dated has no overdueSince: its count stays as reported. */
const aged = (facility: FacilityView, at: number, timeZone: string): FacilityView => {
  const overdueSince = facility.overdueSince ?? null;
  if (overdueSince === null) return { ...facility, overdueSince };
  return { ...facility, daysPastDue: daysPastDueAt(overdueSince, at, timeZone) };
};

/**
 * The projection cannot know "now", so it keeps the date each arrear began; how many days past
 * due that is, and the classification floor it imposes, are worked out when the view is read (or
 * as of the instant asked for), with the same functions the risk monitor uses.
 */
export const withArrearsAt = (view: ClientView, at: Date, reading: ArrearsReading): ClientView => {
  const millis = at.getTime();
  const facilities = view.credit.facilities.map((facility) => aged(facility, millis, reading.timeZone));
  let worst: FacilityView | null = null;
  for (const facility of facilities) {
    if (facility.daysPastDue > 0 && (worst === null || facility.daysPastDue > worst.daysPastDue)) worst = facility;
  }
  let floor: ClassificationFloorView | null = null;
  if (worst !== null) {
    const least = classificationFloor(worst.daysPastDue, reading.floors);
    floor = {
      floor: least,
      facilityId: worst.id,
      daysPastDue: worst.daysPastDue,
      met: !isBelowFloor(view.credit.classification, least),
    };
  }
  return { ...view, credit: { ...view.credit, facilities, classificationFloor: floor } };
};
