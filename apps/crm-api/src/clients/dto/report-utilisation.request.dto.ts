import { AmountField } from '@crm/api-kit';

export class ReportUtilisationRequestDto {
  @AmountField()
  drawn!: string;
}
