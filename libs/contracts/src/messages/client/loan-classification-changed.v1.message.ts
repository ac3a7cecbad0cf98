import { LOAN_CLASSIFICATIONS, type LoanClassification } from '@crm/domain';
import { EnumField, NullableEnumField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';

export class LoanClassificationChangedV1Data {
  @NullableEnumField(LOAN_CLASSIFICATIONS, { description: 'Previous classification; null for the first one.' })
  from!: LoanClassification | null;

  @EnumField(LOAN_CLASSIFICATIONS, { description: 'New five-category loan classification.' })
  to!: LoanClassification;
}

export const loanClassificationChangedV1 = defineContract({
  eventType: 'LoanClassificationChanged',
  description:
    'The five-category loan classification of the client changed. The reason is free text and not published.',
  dataClass: LoanClassificationChangedV1Data,
  toData: (data) => ({ from: data.from, to: data.to }),
});
