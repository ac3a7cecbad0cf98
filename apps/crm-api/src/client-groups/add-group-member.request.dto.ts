import { Matches } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { UUID_PATTERN } from './form-client-group.request.dto';

export class AddGroupMemberRequestDto {
  @ApiProperty({ example: '0190a4c2-7a2b-7c3d-8e4f-5a6b7c8d9e0f' })
  @Matches(UUID_PATTERN, { message: 'clientId must be a client id (lower-case UUID)' })
  clientId!: string;
}
