import { departmentStreamId, type DepartmentServiceRated } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';

/**
 * Work one internal party does for another, timed from the events already in the log: a complaint
 * resolved for the client's manager (the service department), a risk case worked by risk, a credit
 * proposal decided by credit approval, a forwarded feedback answered by its department.
 */
export const SERVICE_MEASURES = [
  'feedback_answer',
  'complaint_resolution',
  'risk_case_handling',
  'credit_approval',
] as const;
export type ServiceMeasure = (typeof SERVICE_MEASURES)[number];

/** The department each measure's work belongs to, where the work itself does not name one. */
export const MEASURE_DEPARTMENTS: Readonly<Record<Exclude<ServiceMeasure, 'feedback_answer'>, string>> = {
  complaint_resolution: 'service',
  risk_case_handling: 'risk',
  credit_approval: 'credit-approval',
};

/** One piece of work as the `service_times` table keeps it (read-model migration 14). */
export type ServiceTimeRow = Readonly<{
  measure: ServiceMeasure;
  /** The complaint's, case's, proposal's or feedback's id. */
  subjectId: string;
  departmentId: string;
  clientId: string;
  startedAt: string;
  /** When it was done (answered, resolved, closed, decided); null while open. */
  endedAt: string | null;
  /** Its own deadline where the work has one (a complaint's or a case's due time); null: the configured target applies. */
  dueAt: string | null;
}>;

/**
 * What one event does to the table, applied in log order: work starts (a row, kept when it exists:
 * a redelivery), its deadline moves while it is open, or it ends (the first end counts, so a
 * feedback's answer time is to its first answer).
 */
export type ServiceTimeChange =
  | Readonly<{ kind: 'start'; row: ServiceTimeRow }>
  | Readonly<{ kind: 'due'; measure: ServiceMeasure; subjectId: string; dueAt: string }>
  | Readonly<{ kind: 'end'; measure: ServiceMeasure; subjectId: string; endedAt: string }>;

/** Times as rows store them (UTC with milliseconds), so they compare as text. */
const utc = (time: string): string => {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString();
};

type Data = Readonly<Record<string, unknown>>;

const text = (data: Data, field: string): string | null => {
  const value = data[field];
  return typeof value === 'string' && value.length > 0 ? value : null;
};

/** The event's own time field, else when it happened (events recorded before the field existed). */
const timeOf = (event: RecordedEvent, data: Data, field: string): string =>
  utc(text(data, field) ?? event.metadata.occurredAt);

const start = (
  measure: ServiceMeasure,
  subjectId: string | null,
  departmentId: string | null,
  clientId: string | null,
  startedAt: string,
  dueAt: string | null,
): ServiceTimeChange | null =>
  subjectId === null || departmentId === null || clientId === null
    ? null
    : { kind: 'start', row: { measure, subjectId, departmentId, clientId, startedAt, endedAt: null, dueAt } };

const end = (measure: ServiceMeasure, subjectId: string | null, endedAt: string): ServiceTimeChange | null =>
  subjectId === null ? null : { kind: 'end', measure, subjectId, endedAt };

const due = (measure: ServiceMeasure, subjectId: string | null, dueAt: string | null): ServiceTimeChange | null =>
  subjectId === null || dueAt === null ? null : { kind: 'due', measure, subjectId, dueAt: utc(dueAt) };

/**
 * The change a client or risk-case event makes to the service times, or null. `clientId` is the
 * client of a client-stream event (its data does not repeat it). Pure.
 */
export const serviceTimeChangeOf = (event: RecordedEvent, clientId: string | null): ServiceTimeChange | null => {
  const data = (event.data ?? {}) as Data;
  switch (event.type) {
    case 'ComplaintReceived': {
      const dueBy = text(data, 'dueBy');
      return start(
        'complaint_resolution',
        text(data, 'complaintId'),
        MEASURE_DEPARTMENTS.complaint_resolution,
        clientId,
        timeOf(event, data, 'receivedAt'),
        dueBy === null ? null : utc(dueBy),
      );
    }
    case 'ComplaintResolved':
      return end('complaint_resolution', text(data, 'complaintId'), timeOf(event, data, 'resolvedAt'));
    case 'CreditChangeProposed':
      return start(
        'credit_approval',
        text(data, 'proposalId'),
        MEASURE_DEPARTMENTS.credit_approval,
        clientId,
        timeOf(event, data, 'proposedAt'),
        null,
      );
    case 'CreditChangeApproved':
      return end('credit_approval', text(data, 'proposalId'), timeOf(event, data, 'approvedAt'));
    case 'CreditChangeRejected':
      return end('credit_approval', text(data, 'proposalId'), timeOf(event, data, 'rejectedAt'));
    case 'FeedbackForwarded':
      return start(
        'feedback_answer',
        text(data, 'feedbackId'),
        text(data, 'department'),
        clientId,
        utc(event.metadata.occurredAt),
        null,
      );
    // The first answer ends it, whatever it says (under review already tells the manager it is taken up).
    case 'FeedbackStatusChanged':
      return end('feedback_answer', text(data, 'feedbackId'), timeOf(event, data, 'changedAt'));
    case 'RiskCaseOpened': {
      const dueBy = text(data, 'dueBy');
      return start(
        'risk_case_handling',
        text(data, 'caseId'),
        MEASURE_DEPARTMENTS.risk_case_handling,
        text(data, 'clientId'),
        timeOf(event, data, 'openedAt'),
        dueBy === null ? null : utc(dueBy),
      );
    }
    // A case's deadline follows its most severe open alert; the one it had when closed is its target.
    case 'RiskCaseAlertJoined':
    case 'RiskCaseAlertChanged':
    case 'RiskCaseAlertResolved':
      return due('risk_case_handling', text(data, 'caseId'), text(data, 'dueBy'));
    case 'RiskCaseClosed':
      return end('risk_case_handling', text(data, 'caseId'), timeOf(event, data, 'closedAt'));
    default:
      return null;
  }
};

/** One rating as the `department_ratings` table keeps it (read-model migration 14); no comment. */
export type DepartmentRatingRow = Readonly<{
  ratingId: string;
  departmentId: string;
  ratedBy: string;
  score: number;
  ratedAt: string;
}>;

const DEPARTMENT_STREAM_PREFIX = departmentStreamId('');

export const isDepartmentStream = (streamId: string): boolean => streamId.startsWith(DEPARTMENT_STREAM_PREFIX);

/** The row of a recorded rating, or null for any other event (a type from a newer build). */
export const departmentRatingOf = (event: RecordedEvent): DepartmentRatingRow | null => {
  if (event.type !== 'DepartmentServiceRated') return null;
  const { ratingId, departmentId, score, ratedBy, ratedAt } = event.data as DepartmentServiceRated['data'];
  return { ratingId, departmentId, ratedBy, score, ratedAt: utc(ratedAt) };
};
