import { SEVERITIES, type Severity } from '@crm/domain';
import {
  AlertIdField,
  CodeField,
  EnumField,
  IdField,
  InstantField,
  RiskCaseIdField,
} from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import {
  RISK_CASE_CLIENT_DESCRIPTION,
  RISK_CASE_DUE_DESCRIPTION,
  RISK_CASE_ID_DESCRIPTION,
  RISK_CASE_SEVERITY_DESCRIPTION,
} from './risk-case-fields';

export class RiskCaseAlertJoinedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @AlertIdField({ description: 'The alert.' })
  alertId!: string;

  @CodeField({ description: 'The rule of the alert, e.g. EW-DPD.' })
  ruleId!: string;

  @EnumField(SEVERITIES, { description: 'Severity of the alert.' })
  alertSeverity!: Severity;

  @EnumField(SEVERITIES, { description: RISK_CASE_SEVERITY_DESCRIPTION })
  severity!: Severity;

  @InstantField({ description: 'When the alert joined the case.' })
  joinedAt!: string;

  @InstantField({ description: RISK_CASE_DUE_DESCRIPTION })
  dueBy!: string;
}

export const riskCaseAlertJoinedV1 = defineContract({
  eventType: 'RiskCaseAlertJoined',
  description: "An open alert joined the client's open risk case (a further alert, or one reopened).",
  dataClass: RiskCaseAlertJoinedV1Data,
  toData: (data) => ({
    caseId: data.caseId,
    clientId: data.clientId,
    alertId: data.alert.alertId,
    ruleId: data.alert.ruleId,
    alertSeverity: data.alert.severity,
    severity: data.severity,
    joinedAt: data.joinedAt,
    dueBy: data.dueBy,
  }),
});
