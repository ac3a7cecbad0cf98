import { CodeField, TextField } from '@crm/api-kit';

export class ChangeManagerBranchRequestDto {
  @CodeField(64, { example: 'BR-SH-002' })
  branchId!: string;

  @TextField(500, { example: 'rotation to the Pudong branch' })
  reason!: string;
}
