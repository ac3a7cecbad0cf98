import {
  ALERT_STATUSES,
  CLIENT_TIERS,
  CREDIT_RATINGS,
  LOAN_CLASSIFICATIONS,
  MANAGER_LEVELS,
  SEVERITIES,
} from '@crm/domain';
import { arrayOf, dateTime, decimal, integer, nullable, object, oneOf, text, type Schema } from './schema-kit';

const BOOLEAN = { type: 'boolean' } as const;

const caseAlert = object({
  alertId: text(),
  ruleId: text('e.g. EW-UTIL, EW-DPD'),
  severity: oneOf(SEVERITIES, 'The alert’s severity as the case last saw it'),
  open: { ...BOOLEAN, description: 'False once the alert was resolved' },
  joinedAt: dateTime('When it (last) joined the case'),
  resolvedAt: nullable(dateTime()),
  status: nullable(oneOf(ALERT_STATUSES, 'From the alerts read model; null until it has the alert')),
  reason: nullable(text()),
  raisedAt: nullable(dateTime()),
  dueBy: nullable(dateTime('The alert’s own due time')),
});

const timelineEntry = object({
  revision: integer(),
  type: text(
    'RiskCaseOpened, RiskCaseAlertJoined, RiskCaseAlertChanged, RiskCaseAlertResolved, RiskCaseClosed, RiskCaseAssigned, RiskCaseOverdue, RiskCaseCommented',
  ),
  recordedAt: dateTime(),
  actor: text('User id; risk-monitor for what the case keeper and the sweep did'),
  alertId: nullable(text()),
  severity: nullable(oneOf(SEVERITIES, 'The case’s severity after the event')),
  assignee: nullable(text()),
});

const comment = object({
  commentId: text(),
  author: text('User id of whoever commented'),
  body: text('The comment; "[erased]" once the client is erased'),
  commentedAt: dateTime(),
});

const context = object(
  {
    legalName: text('"[erased]" after erasure'),
    registrationNo: text(
      'Masked (e.g. 9131********001X) for roles that see clients without personal data; "[erased]" after erasure',
    ),
    branchId: text(),
    tier: nullable(oneOf(CLIENT_TIERS)),
    rating: nullable(oneOf(CREDIT_RATINGS)),
    classification: nullable(oneOf(LOAN_CLASSIFICATIONS)),
    classificationFloor: nullable(
      object(
        {
          floor: oneOf(LOAN_CLASSIFICATIONS, 'The least severe classification the arrears allow'),
          facilityId: text('The facility furthest past due'),
          daysPastDue: integer(),
          met: { ...BOOLEAN, description: 'False when the recorded classification is better than the floor' },
        },
        'Null when no facility is past due',
      ),
    ),
    facilities: arrayOf(
      object({
        id: text(),
        currency: nullable(text('ISO 4217')),
        limit: nullable(decimal()),
        drawn: decimal(),
        overdueSince: nullable(text(undefined, { format: 'date' })),
        daysPastDue: integer('Counted to the bank date when the case is read'),
        amountOverdue: decimal(),
      }),
    ),
    manager: nullable(
      object({
        id: text(),
        name: nullable(text('From the manager registry at read time')),
        level: oneOf(MANAGER_LEVELS),
      }),
    ),
  },
  'The client as the client view has it now; null for a client the view does not know yet',
);

/** `GET /v1/risk-cases/{id}`. */
export const RISK_CASE_DETAIL_SCHEMA: Schema = object(
  {
    id: text('`<clientId>.<episode>`'),
    clientId: text(undefined, { format: 'uuid' }),
    episode: integer('1 for the client’s first case, counting up after each closure'),
    status: oneOf(['open', 'closed']),
    severity: oneOf(SEVERITIES, 'The worst open alert’s'),
    openedAt: dateTime(),
    dueBy: dateTime('From the SLA of the case’s severity; an earlier one when it worsens, never a later one'),
    overdue: { ...BOOLEAN, description: 'Marked once by the monitor’s sweep when the due time passed while open' },
    overdueAt: nullable(dateTime()),
    closedAt: nullable(dateTime()),
    assignee: nullable(text('User id of the officer working the case')),
    assignedAt: nullable(dateTime()),
    alerts: arrayOf(caseAlert, 'Every alert that joined the case, in the order they joined'),
    comments: arrayOf(comment, 'Oldest first'),
    timeline: arrayOf(timelineEntry, 'The case’s events, newest first'),
    revision: integer('Revision of the case’s stream: the ETag, and what If-Match takes on its commands'),
    position: text('Global position of the last event (decimal string)'),
    updatedAt: dateTime(),
    context: nullable(context),
  },
  'A risk case with its alerts, timeline and the client’s context',
);

/** `GET /v1/risk-cases`. */
export const RISK_CASE_PAGE_SCHEMA: Schema = object({
  items: arrayOf(
    object({
      id: text('`<clientId>.<episode>`'),
      clientId: text(),
      episode: integer(),
      status: oneOf(['open', 'closed']),
      severity: oneOf(SEVERITIES, "The worst open alert's"),
      openedAt: dateTime(),
      dueBy: dateTime(),
      overdue: { type: 'boolean' },
      closedAt: nullable(dateTime()),
      assignee: nullable(text()),
      openAlerts: integer(),
      branchId: nullable(text("The client's branch now")),
      managerId: nullable(text("The client's manager now")),
      revision: integer("The case stream's revision"),
      position: text(),
      updatedAt: dateTime(),
    }),
    'Soonest due first',
  ),
  nextCursor: nullable(text('Pass as `cursor` for the next page; null on the last page')),
});
