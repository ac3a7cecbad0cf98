import { COMPLAINT_OUTCOMES, type ComplaintOutcome } from '@crm/domain';
import { AmountField, CurrencyField, EnumField, TextField } from '@crm/api-kit';

export class ResolveComplaintRequestDto {
  @TextField(4000)
  resolution!: string;

  @EnumField(COMPLAINT_OUTCOMES, { optional: true, description: 'What the bank found.' })
  outcome?: ComplaintOutcome;

  @AmountField({
    optional: true,
    description: 'Redress paid to the client, a decimal string; needs `currency`.',
    example: '25.00',
  })
  redressAmount?: string;

  @CurrencyField({ optional: true })
  currency?: string;
}
