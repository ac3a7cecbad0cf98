import { CLIENT_TIERS, type ClientTier } from '@crm/domain';
import { AmountField, EnumField, TextField } from '@crm/api-kit';

export class ChangeTierRequestDto {
  @EnumField(CLIENT_TIERS)
  tier!: ClientTier;

  @TextField(500, { example: 'annual review' })
  reason!: string;

  @AmountField({ optional: true })
  annualContribution?: string;
}
