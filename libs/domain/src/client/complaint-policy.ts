import { addBusinessDays, type BankCalendar } from '../calendar/bank-calendar';

const DAY_MS = 86_400_000;

/**
 * How long the bank gives itself to answer a complaint: an acknowledgement within
 * `acknowledgeBusinessDays` business days on the bank's calendar, a resolution within
 * `resolveCalendarDays` calendar days, both counted from when the complaint reached the bank.
 * A deployment sets its own (COMPLAINT_ACK_BUSINESS_DAYS, COMPLAINT_RESOLUTION_DAYS).
 */
export type ComplaintPolicy = Readonly<{ acknowledgeBusinessDays: number; resolveCalendarDays: number }>;

/** The common regulatory terms: acknowledged within 2 business days, resolved within 15 days. */
export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = { acknowledgeBusinessDays: 2, resolveCalendarDays: 15 };

/** Bounds a deployment's policy is checked against at boot. */
export const COMPLAINT_POLICY_LIMITS = { acknowledgeBusinessDays: [1, 30], resolveCalendarDays: [1, 90] } as const;

export type ComplaintDeadlines = Readonly<{ acknowledgeBy: string; dueBy: string }>;

/**
 * The deadlines of a complaint received at `receivedAt`: the acknowledgement at the same time of
 * day that many business days later (a complaint received on a day off counts from the first day
 * back), the resolution that many days of 24 hours later.
 */
export const complaintDeadlines = (
  receivedAt: string,
  policy: ComplaintPolicy,
  calendar: BankCalendar,
): ComplaintDeadlines => {
  const at = Date.parse(receivedAt);
  return {
    acknowledgeBy: new Date(addBusinessDays(at, policy.acknowledgeBusinessDays, calendar)).toISOString(),
    dueBy: new Date(at + policy.resolveCalendarDays * DAY_MS).toISOString(),
  };
};
