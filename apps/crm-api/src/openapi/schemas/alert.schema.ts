import { ALERT_OUTCOMES, ALERT_STATUSES, SEVERITIES } from '@crm/domain';
import { arrayOf, dateTime, integer, nullable, object, oneOf, ref, text, type Schema } from './schema-kit';

/** `GET /v1/alerts/{id}` and the items of `GET /v1/alerts`. */
export const ALERT_VIEW_SCHEMA: Schema = object(
  {
    id: text(),
    clientId: text(undefined, { format: 'uuid' }),
    ruleId: text('e.g. EW-UTIL, EW-DPD, EW-CLASS-FLOOR'),
    ruleVersion: integer(),
    episode: integer('1 for the first alert of (rule, client), counting up after each resolution'),
    severity: oneOf(SEVERITIES),
    status: oneOf(ALERT_STATUSES),
    reason: text('The raise’s reason, replaced by an escalation’s or a reopening’s'),
    evidence: arrayOf(text(), 'Ids of the events whose reading raised (or last escalated) it'),
    raisedAt: dateTime(),
    dueBy: dateTime(),
    acknowledgedBy: nullable(text()),
    acknowledgedAt: nullable(dateTime()),
    escalatedTo: nullable(text('`risk_monitor` for a worse reading from the monitor')),
    escalatedAt: nullable(dateTime()),
    outcome: nullable(oneOf(ALERT_OUTCOMES, 'Of the latest resolution; cleared by a reopening')),
    note: nullable(text()),
    resolvedBy: nullable(text()),
    resolvedAt: nullable(dateTime()),
    reopenedAt: nullable(dateTime()),
    branchId: nullable(text('The client’s branch; null for a client the view does not know')),
    managerId: nullable(text('The client’s covering manager')),
    revision: integer('Revision of the alert’s stream: the ETag, and what If-Match takes on its commands'),
    position: text('Global position of the last event folded in (decimal string)'),
    updatedAt: dateTime(),
  },
  'One early-warning alert with its history',
);

/** `GET /v1/alerts`: newest raised first. */
export const ALERT_PAGE_SCHEMA: Schema = object({
  items: arrayOf(ref('AlertView')),
  nextCursor: nullable(text('Pass as `cursor` for the next page; null on the last page')),
});
