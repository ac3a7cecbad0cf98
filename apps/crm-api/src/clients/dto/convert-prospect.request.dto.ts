import { CodeField } from '@crm/platform';

export class ConvertProspectRequestDto {
  @CodeField(64, { optional: true, example: 'DEP-CORP-CURRENT' })
  firstProductCode?: string;
}
