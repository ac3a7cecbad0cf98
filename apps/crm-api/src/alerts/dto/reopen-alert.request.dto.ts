import { TextField } from '@crm/api-kit';

export class ReopenAlertRequestDto {
  @TextField(500, { example: 'The payment bounced' })
  reason!: string;
}
