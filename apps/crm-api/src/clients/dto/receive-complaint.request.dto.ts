import { CodeField, TextField } from '@crm/api-kit';

export class ReceiveComplaintRequestDto {
  @CodeField(64, { example: 'fees' })
  category!: string;

  @TextField(4000)
  text!: string;
}
