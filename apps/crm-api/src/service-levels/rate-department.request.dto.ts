import { DEPARTMENT_RATING_COMMENT_MAX } from '@crm/domain';
import { IntegerField, TextField } from '@crm/api-kit';

export class RateDepartmentRequestDto {
  @IntegerField(1, 5, { description: '1 (very dissatisfied) to 5 (very satisfied)' })
  score!: number;

  @TextField(DEPARTMENT_RATING_COMMENT_MAX, { optional: true })
  comment?: string;
}
