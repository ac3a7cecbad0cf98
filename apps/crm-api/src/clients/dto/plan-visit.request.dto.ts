import { CONTACT_PURPOSES, type ContactPurpose } from '@crm/domain';
import { CodeField, EnumField, TimeField } from '@crm/api-kit';

export class PlanVisitRequestDto {
  @TimeField({
    description: 'When the visit is to take place; must be in the future.',
    example: '2026-12-08T09:30:00Z',
  })
  plannedAt!: string;

  @EnumField(CONTACT_PURPOSES)
  purpose!: ContactPurpose;

  @CodeField(64, {
    optional: true,
    description: "The manager who will visit; defaults to the caller's managerId claim, else the client's manager.",
  })
  managerId?: string;
}
