import { CONTACT_CHANNELS, CONTACT_PURPOSES, type ContactChannel, type ContactPurpose } from '@crm/domain';
import { CodeField, EnumField, TextField, TimeField } from '@crm/api-kit';

export class LogContactRequestDto {
  @CodeField(64, { optional: true, description: "Defaults to the caller's managerId claim." })
  managerId?: string;

  @EnumField(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @EnumField(CONTACT_PURPOSES)
  purpose!: ContactPurpose;

  @TextField(4000, { example: 'Discussed working-capital needs for Q3.' })
  summary!: string;

  @TimeField()
  occurredAt!: string;

  @TimeField({ optional: true })
  followUpDue?: string;

  @CodeField(64, { optional: true, description: 'A planned visit this contact was: the visit is completed with it.' })
  visitId?: string;
}
