import { CREDIT_RATINGS, type CreditRating } from '@crm/domain';
import { EnumField, IntegerField, NullableEnumField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

const MAX_NOTCHES = CREDIT_RATINGS.length - 1;

export class CreditRatingChangedV1Data {
  @NullableEnumField(CREDIT_RATINGS, { description: 'Previous internal rating; null for the first rating.' })
  from!: CreditRating | null;

  @EnumField(CREDIT_RATINGS, { description: 'New internal rating, on the scale AAA AA A BBB BB B CCC CC C D.' })
  to!: CreditRating;

  @IntegerField(-MAX_NOTCHES, MAX_NOTCHES, {
    description: 'Steps moved on the scale: positive for a downgrade, negative for an upgrade, 0 for the first rating.',
  })
  notches!: number;
}

export const creditRatingChangedV1 = defineContract({
  eventType: 'CreditRatingChanged',
  description: 'The internal credit rating of the client changed. The reason is free text and not published.',
  dataClass: CreditRatingChangedV1Data,
  toData: (data) => ({ from: data.from, to: data.to, notches: data.notches }),
});
