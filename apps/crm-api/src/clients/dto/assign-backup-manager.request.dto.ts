import { CodeField, TextField } from '@crm/api-kit';

export class AssignBackupManagerRequestDto {
  @CodeField(64, { example: 'M-1002', description: 'An active manager other than the one covering the client.' })
  managerId!: string;

  @TextField(500, { example: 'A/B role for a core client' })
  reason!: string;
}
