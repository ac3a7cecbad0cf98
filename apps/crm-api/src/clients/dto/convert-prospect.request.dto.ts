import { CodeField } from '@crm/api-kit';

export class ConvertProspectRequestDto {
  @CodeField(64, { optional: true, example: 'DEP-CORP-CURRENT' })
  firstProductCode?: string;
}
