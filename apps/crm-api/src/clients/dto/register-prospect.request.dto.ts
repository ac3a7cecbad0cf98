import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsObject, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { SEGMENTS, type Segment } from '@crm/domain';
import { CodeField, EnumField, TextField } from '@crm/api-kit';

export class ContactDetailsDto {
  @ApiProperty({ required: false, example: '+86 21 5555 0100' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'phone must be 5–32 digits, spaces, ( ) - with an optional +' })
  phone?: string;

  @ApiProperty({ required: false, example: 'treasury@example.com' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;
}

export class RegisterProspectRequestDto {
  @CodeField(64, { example: 'BR-SH-001' })
  branchId!: string;

  @EnumField(SEGMENTS)
  segment!: Segment;

  @TextField(100, { example: 'manufacturing' })
  industry!: string;

  @TextField(200, { example: 'Shanghai Precision Tools Co., Ltd.' })
  legalName!: string;

  @TextField(64, { example: '91310000MA1FL0000X' })
  registrationNo!: string;

  @ApiProperty({ type: ContactDetailsDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDetailsDto)
  contact!: ContactDetailsDto;

  @TextField(64, { example: 'referral' })
  source!: string;

  @TextField(128, { optional: true })
  referredBy?: string;
}
