import { FACILITY_TYPES } from '@crm/domain';
import { CodeField, EnumField, NullableDateField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class FacilityTermsSetV1Data {
  @CodeField({ description: 'Credit facility (bank code).' })
  facilityId!: string;

  @EnumField(FACILITY_TYPES, {
    description: 'revolving (drawn and repaid at will), term, guarantee or trade; fixed once recorded.',
  })
  type!: string;

  @NullableDateField({ description: 'Final maturity (bank calendar), or null when open-ended.' })
  maturityDate!: string | null;

  @NullableDateField({ description: 'Date of the next credit review (bank calendar), or null when none is set.' })
  nextReviewDate!: string | null;
}

export const facilityTermsSetV1 = defineContract({
  eventType: 'FacilityTermsSet',
  description: "A facility's type, maturity or next review date was recorded or changed.",
  dataClass: FacilityTermsSetV1Data,
  toData: (data) => ({
    facilityId: data.facilityId,
    type: data.type,
    maturityDate: data.maturityDate,
    nextReviewDate: data.nextReviewDate,
  }),
});
