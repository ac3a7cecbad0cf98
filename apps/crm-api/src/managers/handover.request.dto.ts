import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { CodeField, TextField } from '@crm/api-kit';

/** How many clients one handover may name; a larger split is a few handovers. */
export const MAX_HANDOVER_ASSIGNMENTS = 1000;

export class HandoverAssignmentDto {
  @ApiPropertyOptional({ example: '0190a4c2-00d0-7000-8000-000000000001' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'clientId must be a UUID' })
  clientId!: string;

  @CodeField(64, { example: 'M-1002' })
  managerId!: string;
}

/** Exactly one of `toManagerId` (every client of the manager) and `assignments` (the clients named); the controller checks which. */
export class HandoverRequestDto {
  @CodeField(64, {
    optional: true,
    example: 'M-1002',
    description: 'Every client the manager covers goes to this manager. Leave out when sending `assignments`.',
  })
  toManagerId?: string;

  @ApiPropertyOptional({
    type: [HandoverAssignmentDto],
    maxItems: MAX_HANDOVER_ASSIGNMENTS,
    description: 'Each named client goes to the manager beside it. Leave out when sending `toManagerId`.',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsArray({ message: 'assignments must be a list of {clientId, managerId}' })
  @ArrayMaxSize(MAX_HANDOVER_ASSIGNMENTS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => HandoverAssignmentDto)
  assignments?: HandoverAssignmentDto[];

  @TextField(500, {
    optional: true,
    example: 'manager departed',
    description: 'Recorded on each move; "handover" when left out.',
  })
  reason?: string;
}
