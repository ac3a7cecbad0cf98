import { FEEDBACK_STATUSES, type FeedbackStatus } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class ChangeFeedbackStatusRequestDto {
  @EnumField(FEEDBACK_STATUSES, {
    description:
      'One step on: received → under_review or declined; under_review → accepted or declined; accepted → implemented or declined. Any other is a 422 on `status`.',
    example: 'under_review',
  })
  status!: FeedbackStatus;

  @TextField(4000, {
    description: "The department's answer, for the client's manager to pass on (personal data of the client)",
    example: 'The cards team is reviewing the annual fee of the gold card; an answer by the end of the month.',
  })
  answer!: string;
}
