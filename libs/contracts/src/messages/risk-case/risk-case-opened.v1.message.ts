import { SEVERITIES, type Severity } from '@crm/domain';
import {
  AlertIdField,
  CodeField,
  EnumField,
  IdField,
  InstantField,
  IntegerField,
  RiskCaseIdField,
} from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import {
  RISK_CASE_CLIENT_DESCRIPTION,
  RISK_CASE_DUE_DESCRIPTION,
  RISK_CASE_ID_DESCRIPTION,
  RISK_CASE_SEVERITY_DESCRIPTION,
} from './risk-case-fields';

export class RiskCaseOpenedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @IntegerField(1, Number.MAX_SAFE_INTEGER, {
    description: 'Which case of this client: 1 for the first, counting up after each closure.',
  })
  episode!: number;

  @AlertIdField({ description: 'The alert that opened the case.' })
  alertId!: string;

  @CodeField({ description: 'The rule of that alert, e.g. EW-DPD.' })
  ruleId!: string;

  @EnumField(SEVERITIES, { description: RISK_CASE_SEVERITY_DESCRIPTION })
  severity!: Severity;

  @InstantField({ description: 'When the case was opened.' })
  openedAt!: string;

  @InstantField({ description: RISK_CASE_DUE_DESCRIPTION })
  dueBy!: string;
}

export const riskCaseOpenedV1 = defineContract({
  eventType: 'RiskCaseOpened',
  description: "The client's first open alert opened a risk case.",
  dataClass: RiskCaseOpenedV1Data,
  toData: (data) => ({
    caseId: data.caseId,
    clientId: data.clientId,
    episode: data.episode,
    alertId: data.alert.alertId,
    ruleId: data.alert.ruleId,
    severity: data.severity,
    openedAt: data.openedAt,
    dueBy: data.dueBy,
  }),
});
