import { CREDIT_RATINGS, type CreditRating } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class ChangeCreditRatingRequestDto {
  @EnumField(CREDIT_RATINGS)
  rating!: CreditRating;

  @TextField(500)
  reason!: string;
}
