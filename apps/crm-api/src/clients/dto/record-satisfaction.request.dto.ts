import { SURVEY_KINDS, type SurveyKind } from '@crm/domain';
import { CodeField, EnumField, IntegerField, TextField } from '@crm/api-kit';

export class RecordSatisfactionRequestDto {
  @EnumField(SURVEY_KINDS)
  kind!: SurveyKind;

  @IntegerField(0, 10, { description: 'NPS 0–10, CSAT 1–5' })
  score!: number;

  @TextField(4000)
  comment!: string;

  @CodeField(64, { optional: true, description: "Defaults to the client's manager." })
  managerId?: string;
}
