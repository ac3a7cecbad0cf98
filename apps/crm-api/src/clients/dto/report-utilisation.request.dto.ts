import { AmountField } from '@crm/platform';

export class ReportUtilisationRequestDto {
  @AmountField()
  drawn!: string;
}
