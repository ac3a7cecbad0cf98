import { FEEDBACK_THEMES, type FeedbackTheme } from '@crm/domain';
import { CodeField, EnumField, TextField } from '@crm/api-kit';

export class ForwardFeedbackRequestDto {
  @CodeField(64, {
    description: 'Id of a configured department (GET /v1/departments); another is a 400 on `department`',
    example: 'cards',
  })
  department!: string;

  @CodeField(64, { optional: true })
  productCode?: string;

  @EnumField(FEEDBACK_THEMES, { optional: true, description: 'What the feedback is about (counted per product)' })
  theme?: FeedbackTheme;

  @TextField(4000)
  text!: string;
}
