import { TextField } from '@crm/api-kit';

export class CancelVisitRequestDto {
  @TextField(500, { example: 'Client travelling; to be planned again next month.' })
  reason!: string;
}
