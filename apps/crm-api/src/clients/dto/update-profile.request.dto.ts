import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { TextField } from '@crm/api-kit';
import { ContactDetailsDto } from './register-prospect.request.dto';

export class UpdateProfileRequestDto {
  @TextField(200, { optional: true })
  legalName?: string;

  @TextField(64, { optional: true })
  registrationNo?: string;

  @TextField(100, { optional: true })
  industry?: string;

  @ApiPropertyOptional({ type: ContactDetailsDto })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDetailsDto)
  contact?: ContactDetailsDto;
}
