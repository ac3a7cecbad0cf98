import { LOAN_CLASSIFICATIONS, type LoanClassification } from '@crm/domain';
import { EnumField, TextField } from '@crm/api-kit';

export class ChangeLoanClassificationRequestDto {
  @EnumField(LOAN_CLASSIFICATIONS)
  classification!: LoanClassification;

  @TextField(500)
  reason!: string;
}
