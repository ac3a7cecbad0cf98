import { TextField } from '@crm/platform';

export class ReopenAlertRequestDto {
  @TextField(500, { example: 'The payment bounced' })
  reason!: string;
}
