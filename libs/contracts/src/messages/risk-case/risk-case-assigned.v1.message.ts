import { IdField, InstantField, RiskCaseIdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { RISK_CASE_CLIENT_DESCRIPTION, RISK_CASE_ID_DESCRIPTION } from './risk-case-fields';

export class RiskCaseAssignedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @InstantField({ description: 'When the case was assigned.' })
  assignedAt!: string;
}

export const riskCaseAssignedV1 = defineContract({
  eventType: 'RiskCaseAssigned',
  description: 'Someone took the case or handed it on. Who (a user id) is not published, as for alerts.',
  dataClass: RiskCaseAssignedV1Data,
  toData: (data) => ({ caseId: data.caseId, clientId: data.clientId, assignedAt: data.assignedAt }),
});
