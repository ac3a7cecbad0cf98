import { IdField, InstantField, RiskCaseIdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { RISK_CASE_CLIENT_DESCRIPTION, RISK_CASE_ID_DESCRIPTION } from './risk-case-fields';

export class RiskCaseClosedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @InstantField({ description: 'When the last open alert of the case was resolved.' })
  closedAt!: string;
}

export const riskCaseClosedV1 = defineContract({
  eventType: 'RiskCaseClosed',
  description: "The case's last open alert was resolved; the client's next open alert opens a new case.",
  dataClass: RiskCaseClosedV1Data,
  toData: (data) => ({ caseId: data.caseId, clientId: data.clientId, closedAt: data.closedAt }),
});
