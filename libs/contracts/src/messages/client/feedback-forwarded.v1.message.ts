import { FEEDBACK_DEPARTMENTS, type FeedbackDepartment } from '@crm/domain';
import { CodeField, EnumField, IdField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class FeedbackForwardedV1Data {
  @IdField({ description: 'Id of the feedback.' })
  feedbackId!: string;

  @EnumField(FEEDBACK_DEPARTMENTS, { description: 'Department the feedback was forwarded to.' })
  department!: FeedbackDepartment;

  @CodeField({ optional: true, description: 'Product the feedback is about, if any.' })
  productCode?: string;
}

export const feedbackForwardedV1 = defineContract({
  eventType: 'FeedbackForwarded',
  description: 'Client feedback was forwarded to a department. The text is free text and not published.',
  dataClass: FeedbackForwardedV1Data,
  toData: (data) => ({
    feedbackId: data.feedbackId,
    department: data.department,
    ...whenPresent('productCode', data.productCode),
  }),
});
