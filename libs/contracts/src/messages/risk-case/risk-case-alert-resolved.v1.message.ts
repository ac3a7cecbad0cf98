import { SEVERITIES, type Severity } from '@crm/domain';
import { AlertIdField, EnumField, IdField, InstantField, RiskCaseIdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import {
  RISK_CASE_CLIENT_DESCRIPTION,
  RISK_CASE_DUE_DESCRIPTION,
  RISK_CASE_ID_DESCRIPTION,
  RISK_CASE_SEVERITY_DESCRIPTION,
} from './risk-case-fields';

export class RiskCaseAlertResolvedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @AlertIdField({ description: 'The alert that was resolved.' })
  alertId!: string;

  @EnumField(SEVERITIES, { description: RISK_CASE_SEVERITY_DESCRIPTION })
  severity!: Severity;

  @InstantField({ description: 'When the case saw the resolution.' })
  resolvedAt!: string;

  @InstantField({ description: RISK_CASE_DUE_DESCRIPTION })
  dueBy!: string;
}

export const riskCaseAlertResolvedV1 = defineContract({
  eventType: 'RiskCaseAlertResolved',
  description: 'An alert of the case was resolved; when it was the last open one, RiskCaseClosed follows.',
  dataClass: RiskCaseAlertResolvedV1Data,
  toData: (data) => ({
    caseId: data.caseId,
    clientId: data.clientId,
    alertId: data.alertId,
    severity: data.severity,
    resolvedAt: data.resolvedAt,
    dueBy: data.dueBy,
  }),
});
