import { COMPLAINT_CHANNELS, COMPLAINT_DEADLINES, COMPLAINT_OUTCOMES, COMPLAINT_SEVERITIES } from '@crm/domain';
import { COMPLAINT_LIST_STATUSES } from '@crm/read-models';
import {
  arrayOf,
  countsBy,
  dateTime,
  decimal,
  integer,
  nullable,
  number,
  object,
  oneOf,
  text,
  type Schema,
} from './schema-kit';

const NOT_BEFORE_DEADLINES = 'Null for complaints recorded before severities, channels and deadlines were';

/** A complaint as the client view and the complaints list hold it: never its text. */
export const complaintFields = {
  complaintId: text(undefined, { format: 'uuid' }),
  category: text(),
  severity: nullable(oneOf(COMPLAINT_SEVERITIES, NOT_BEFORE_DEADLINES)),
  channel: nullable(oneOf(COMPLAINT_CHANNELS, 'How it reached the bank; null when not recorded')),
  status: oneOf(COMPLAINT_LIST_STATUSES),
  receivedAt: dateTime('When it reached the bank'),
  acknowledgeBy: nullable(dateTime(`Acknowledgement deadline. ${NOT_BEFORE_DEADLINES}`)),
  dueBy: nullable(dateTime(`Resolution deadline. ${NOT_BEFORE_DEADLINES}`)),
  acknowledgedAt: nullable(dateTime()),
  escalated: arrayOf(oneOf(COMPLAINT_DEADLINES), 'The deadlines the sweep escalated it for, in that order'),
  resolvedAt: nullable(dateTime()),
  outcome: nullable(oneOf(COMPLAINT_OUTCOMES)),
  redressAmount: nullable(decimal('Redress paid, if any')),
  currency: nullable(text('ISO 4217, with the redress')),
} satisfies Record<string, Schema>;

/** `GET /v1/complaints`. */
export const COMPLAINT_PAGE_SCHEMA: Schema = object({
  items: arrayOf(
    object({
      ...complaintFields,
      clientId: text(undefined, { format: 'uuid' }),
      branchId: text("The client's branch now"),
      managerId: nullable(text("The client's covering manager now; null when none")),
      overdue: {
        type: 'boolean',
        description:
          'At the time of the request: not resolved and past dueBy, or not acknowledged and past acknowledgeBy',
      },
    }),
    'Newest received first',
  ),
  nextCursor: nullable(text('Pass as `cursor` for the next page; null on the last page')),
});

const deadlineShare = (what: string): Record<string, Schema> => ({
  total: integer(`Complaints ${what} in the month`),
  withDeadline: integer('Of those, the ones with a deadline to judge them by'),
  inTime: integer('Of those, the ones done at or before their deadline'),
  inTimeShare: nullable(number('inTime / withDeadline; null when withDeadline is 0')),
});

/** `GET /v1/branches/{id}/complaints-summary`. */
export const COMPLAINTS_SUMMARY_SCHEMA: Schema = object({
  branchId: text(),
  month: text('YYYY-MM on the bank’s calendar'),
  timeZone: text('BANK_TIME_ZONE, which the month is read in'),
  from: dateTime('The month’s first instant'),
  to: dateTime('The next month’s first instant (excluded)'),
  received: object(
    {
      total: integer(),
      byCategory: arrayOf(object({ category: text(), count: integer() }), 'Most first, then by code'),
      bySeverity: countsBy(
        [...COMPLAINT_SEVERITIES, 'unrecorded'],
        'unrecorded: complaints recorded before severities were',
      ),
    },
    'Complaints received in the month',
  ),
  resolved: object(
    {
      ...deadlineShare('resolved'),
      resolutionHours: object(
        { p50: nullable(number()), p90: nullable(number()) },
        'Hours from receipt to resolution, nearest-rank percentiles (⌈p·n/100⌉ of the sorted times), two decimals; null when none',
      ),
    },
    'Complaints resolved in the month, whenever received, against their dueBy',
  ),
  acknowledged: object(
    deadlineShare('acknowledged'),
    'Complaints acknowledged in the month, whenever received, against their acknowledgeBy',
  ),
});
