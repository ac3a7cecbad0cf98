import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { CodeField, TextField } from '@crm/api-kit';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class FormClientGroupRequestDto {
  @TextField(200, { example: 'Shanghai Precision Group' })
  name!: string;

  @ApiProperty({ example: '0190a4c2-6f1e-7a3b-9c4d-5e6f7a8b9c0d', description: 'The group’s parent; also its id.' })
  @Matches(UUID_PATTERN, { message: 'parentClientId must be a client id (lower-case UUID)' })
  parentClientId!: string;

  @CodeField(64, { example: 'M-1001', description: 'The manager responsible for the group relationship.' })
  managerId!: string;
}
