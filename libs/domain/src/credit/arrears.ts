import { addDays, bankDateOf, daysBetween, epochDayOf, type BankDate } from '../calendar/bank-date';

/**
 * The arrears of a facility are dated: `overdueSince` is the date the oldest unpaid amount fell
 * due, and days past due are counted from it to the bank's date at the instant asked about. A
 * single report therefore ages by itself; only a cure (PastDueCleared) or a new report with a
 * later date ends or restarts the count.
 */
export const daysPastDueOn = (overdueSince: BankDate, today: BankDate): number =>
  Math.max(0, daysBetween(overdueSince, today));

/** Days past due at `millis` (epoch ms) on the bank's wall clock in `timeZone`. */
export const daysPastDueAt = (overdueSince: BankDate, millis: number, timeZone: string): number =>
  daysPastDueOn(overdueSince, bankDateOf(millis, timeZone));

/**
 * The regulatory buckets of days past due (1, 30, 60, 90, 180, 270 and 360 days). They stage an
 * arrear as it ages, so a move from one to the next is visible even where the severity stays.
 */
export const DPD_BUCKETS = [1, 30, 60, 90, 180, 270, 360] as const;

/** 0 when current, else 1 + the index of the highest bucket reached. */
export const dpdStage = (daysPastDue: number): number => DPD_BUCKETS.filter((start) => daysPastDue >= start).length;

/** '90+' for 95 days, null when current. */
export const dpdBucketLabel = (daysPastDue: number): string | null => {
  const stage = dpdStage(daysPastDue);
  return stage === 0 ? null : `${DPD_BUCKETS[stage - 1]}+`;
};

/**
 * Version 1 of PaymentPastDue carried only the days past due on the day it was recorded. The date
 * the arrear began is that day (on the bank's calendar) less those days; nothing in the stored
 * event is rewritten, this runs each time an old event is read.
 */
export const upcastPaymentPastDueV1 = (data: unknown, recordedAt: string, timeZone: string): unknown => {
  if (typeof data !== 'object' || data === null) return data;
  const record = data as Readonly<Record<string, unknown>>;
  const days = record['daysPastDue'];
  const recorded = Date.parse(recordedAt);
  if (typeof days !== 'number' || !Number.isSafeInteger(days) || Number.isNaN(recorded)) return data;
  if (epochDayOf(record['overdueSince']) !== null) return data;
  return { ...record, overdueSince: addDays(bankDateOf(recorded, timeZone), -days) };
};
