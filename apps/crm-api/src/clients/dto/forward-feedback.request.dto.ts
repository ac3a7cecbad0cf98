import { FEEDBACK_DEPARTMENTS, type FeedbackDepartment } from '@crm/domain';
import { CodeField, EnumField, TextField } from '@crm/api-kit';

export class ForwardFeedbackRequestDto {
  @EnumField(FEEDBACK_DEPARTMENTS)
  department!: FeedbackDepartment;

  @CodeField(64, { optional: true })
  productCode?: string;

  @TextField(4000)
  text!: string;
}
