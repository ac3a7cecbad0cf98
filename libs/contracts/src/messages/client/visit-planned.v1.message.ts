import { CONTACT_PURPOSES, type ContactPurpose } from '@crm/domain';
import { CodeField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class VisitPlannedV1Data {
  @IdField({ description: 'Id of the visit; VisitCompleted and VisitCancelled refer to it.' })
  visitId!: string;

  @CodeField({ description: 'Manager who will make the visit.' })
  managerId!: string;

  @InstantField({ description: 'When the visit is to take place (in the future when it was planned).' })
  plannedAt!: string;

  @EnumField(CONTACT_PURPOSES, { description: 'What the visit is for.' })
  purpose!: ContactPurpose;
}

export const visitPlannedV1 = defineContract({
  eventType: 'VisitPlanned',
  description:
    "A visit to the client was planned, by the manager who will make it. It stays on that manager's agenda until a contact completes it (VisitCompleted) or it is cancelled (VisitCancelled).",
  dataClass: VisitPlannedV1Data,
  toData: (data) => ({
    visitId: data.visitId,
    managerId: data.managerId,
    plannedAt: data.plannedAt,
    purpose: data.purpose,
  }),
});
