import { SEVERITIES, type Severity } from '@crm/domain';
import {
  AlertIdField,
  EnumField,
  EventIdListField,
  IdField,
  InstantField,
  LabelField,
} from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import {
  ALERT_CLIENT_DESCRIPTION,
  ALERT_EVIDENCE_MAX_ITEMS,
  ALERT_ID_DESCRIPTION,
  ALERT_REASON_MAX_LENGTH,
  ALERT_TO_MAX_LENGTH,
} from './alert-fields';

export class AlertEscalatedV1Data {
  @AlertIdField({ description: ALERT_ID_DESCRIPTION })
  alertId!: string;

  @IdField({ description: ALERT_CLIENT_DESCRIPTION })
  clientId!: string;

  @EnumField(SEVERITIES, { description: 'Severity before the escalation.' })
  from!: Severity;

  @EnumField(SEVERITIES, {
    description: 'Severity after the escalation (the same as from when only the owner changed).',
  })
  severity!: Severity;

  @LabelField(ALERT_TO_MAX_LENGTH, {
    description:
      'Who works the alert now: risk_monitor for a worse reading of the rule, otherwise the role or team it was handed to.',
  })
  to!: string;

  @LabelField(ALERT_REASON_MAX_LENGTH, {
    description:
      "The rule's worse reading, when to is risk_monitor. Absent when an officer handed the alert on: their reason is free text and stays in the CRM.",
    optional: true,
  })
  reason?: string;

  @EventIdListField(ALERT_EVIDENCE_MAX_ITEMS, {
    description:
      'Ids of the events (their message id) behind the escalation; empty when escalated by the clock or by hand.',
  })
  evidence!: string[];

  @InstantField({ description: 'When the alert was escalated.' })
  escalatedAt!: string;

  @InstantField({ description: 'The new time the alert must be worked by.' })
  dueBy!: string;
}

export const alertEscalatedV1 = defineContract({
  eventType: 'AlertEscalated',
  description: 'The alert was escalated: a worse reading from the risk monitor, or handed on by a risk officer.',
  dataClass: AlertEscalatedV1Data,
  toData: (data) => ({
    alertId: data.alertId,
    clientId: data.clientId,
    from: data.from,
    severity: data.severity,
    to: data.to,
    // An officer's hand-over reason is free text: integration messages carry none.
    ...(data.to === 'risk_monitor' ? { reason: data.reason } : {}),
    evidence: Array.isArray(data.evidence) ? [...data.evidence] : data.evidence,
    escalatedAt: data.escalatedAt,
    dueBy: data.dueBy,
  }),
});
