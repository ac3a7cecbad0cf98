import { FEEDBACK_THEMES, type FeedbackTheme } from '@crm/domain';
import { CodeField, EnumField, IdField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

export class FeedbackForwardedV1Data {
  @IdField({ description: 'Id of the feedback.' })
  feedbackId!: string;

  @CodeField({
    description:
      "Id of the department the feedback was forwarded to: one of the bank's configured departments (product, risk and service always among them).",
  })
  department!: string;

  @CodeField({ optional: true, description: 'Product the feedback is about, if any.' })
  productCode?: string;

  @EnumField(FEEDBACK_THEMES, { optional: true, description: 'What the feedback is about; absent when not given.' })
  theme?: FeedbackTheme;
}

export const feedbackForwardedV1 = defineContract({
  eventType: 'FeedbackForwarded',
  description:
    'Client feedback was forwarded to a department, whose queue receives it. The text is free text and not published.',
  dataClass: FeedbackForwardedV1Data,
  toData: (data) => ({
    feedbackId: data.feedbackId,
    department: data.department,
    ...whenPresent('productCode', data.productCode),
    ...whenPresent('theme', data.theme),
  }),
});
