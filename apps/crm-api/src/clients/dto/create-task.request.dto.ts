import { CodeField, TextField, TimeField } from '@crm/api-kit';

export class CreateTaskRequestDto {
  @TextField(200, {
    example: 'Collect the 2025 audited statements',
    description: 'Personal data: masked for risk officers, erased with the client.',
  })
  title!: string;

  @TimeField({ description: 'When the task is due; must be in the future.', example: '2026-12-11T17:00:00Z' })
  due!: string;

  @CodeField(64, {
    optional: true,
    description: "The manager who is to do it; defaults to the caller's managerId claim, else the client's manager.",
  })
  assigneeId?: string;
}
