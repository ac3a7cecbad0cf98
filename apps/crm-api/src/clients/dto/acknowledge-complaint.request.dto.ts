import { CodeField } from '@crm/api-kit';

export class AcknowledgeComplaintRequestDto {
  @CodeField(128, { optional: true, description: 'Who owns the complaint from now (a staff id); default: the caller.' })
  ownerId?: string;
}
