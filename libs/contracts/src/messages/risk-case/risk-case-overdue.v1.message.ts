import { SEVERITIES, type Severity } from '@crm/domain';
import { EnumField, IdField, InstantField, RiskCaseIdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import {
  RISK_CASE_CLIENT_DESCRIPTION,
  RISK_CASE_DUE_DESCRIPTION,
  RISK_CASE_ID_DESCRIPTION,
  RISK_CASE_SEVERITY_DESCRIPTION,
} from './risk-case-fields';

export class RiskCaseOverdueV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @EnumField(SEVERITIES, { description: RISK_CASE_SEVERITY_DESCRIPTION })
  severity!: Severity;

  @InstantField({ description: RISK_CASE_DUE_DESCRIPTION })
  dueBy!: string;

  @InstantField({ description: "When the monitor's sweep found the case past due (its clock)." })
  detectedAt!: string;
}

export const riskCaseOverdueV1 = defineContract({
  eventType: 'RiskCaseOverdue',
  description: 'The case passed its due time while open; published once per case.',
  dataClass: RiskCaseOverdueV1Data,
  toData: (data) => ({
    caseId: data.caseId,
    clientId: data.clientId,
    severity: data.severity,
    dueBy: data.dueBy,
    detectedAt: data.detectedAt,
  }),
});
