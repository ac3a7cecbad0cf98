import { CodeField, TextField } from '@crm/api-kit';

export class AssignManagerRequestDto {
  @CodeField(64, { example: 'M-1001' })
  managerId!: string;

  @TextField(500, { example: 'portfolio rebalancing' })
  reason!: string;
}
