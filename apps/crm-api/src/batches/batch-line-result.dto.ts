import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiErrorBodyDto } from '@crm/api-kit';

/** One line of a batch's NDJSON answer. */
export class BatchLineResultDto {
  @ApiProperty({
    description: 'The line of the batch this answers (1-based; blank lines are counted, not answered)',
    example: 1,
  })
  line!: number;

  @ApiProperty({
    description:
      'The HTTP status the line’s route gave it (201/200, 202 for a credit change held for approval, 400, 403, 404, 409, 412, 422 …)',
    example: 201,
  })
  status!: number;

  @ApiPropertyOptional({
    description: 'On success: the id of what was written',
    example: '01a23784-f942-7180-a8df-426454a6d4fd',
  })
  id?: string;

  @ApiPropertyOptional({ description: 'On success: the revision of its stream after the write', example: 4 })
  revision?: number;

  @ApiPropertyOptional({ description: 'On success: the position of the write in the global log', example: '18342' })
  position?: string;

  @ApiPropertyOptional({
    description: 'On 202: the credit proposal that holds the change until a risk officer approves it',
    example: '01a23784-f942-7180-a8df-426454a6d4fd.1',
  })
  proposalId?: string;

  @ApiPropertyOptional({ type: ApiErrorBodyDto, description: 'On failure: the error body the route answered' })
  error?: ApiErrorBodyDto;
}
