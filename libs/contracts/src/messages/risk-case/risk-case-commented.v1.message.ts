import { IdField, InstantField, RiskCaseIdField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { RISK_CASE_CLIENT_DESCRIPTION, RISK_CASE_ID_DESCRIPTION } from './risk-case-fields';

export class RiskCaseCommentedV1Data {
  @RiskCaseIdField({ description: RISK_CASE_ID_DESCRIPTION })
  caseId!: string;

  @IdField({ description: RISK_CASE_CLIENT_DESCRIPTION })
  clientId!: string;

  @IdField({ description: 'Id of the comment.' })
  commentId!: string;

  @InstantField({ description: 'When the comment was made.' })
  commentedAt!: string;
}

export const riskCaseCommentedV1 = defineContract({
  eventType: 'RiskCaseCommented',
  description: 'Someone commented on the case. The text is personal data and not published, nor is its author.',
  dataClass: RiskCaseCommentedV1Data,
  toData: (data) => ({
    caseId: data.caseId,
    clientId: data.clientId,
    commentId: data.commentId,
    commentedAt: data.commentedAt,
  }),
});
