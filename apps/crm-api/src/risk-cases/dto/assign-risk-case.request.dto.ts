import { TextField } from '@crm/api-kit';

export class AssignRiskCaseRequestDto {
  @TextField(128, {
    example: 'officer-li',
    description: 'The user id (token `sub`) of the officer who takes the case',
  })
  assignee!: string;
}
