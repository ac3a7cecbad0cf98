import { SURVEY_KINDS, SURVEY_SCORE_RANGE, type SurveyKind } from '@crm/domain';
import { BooleanField, CodeField, EnumField, IdField, IntegerField } from '../../fields/message-fields';
import { defineContract, whenPresent } from '../message-contract';

const SCORE_MIN = Math.min(...Object.values(SURVEY_SCORE_RANGE).map(([min]) => min));
const SCORE_MAX = Math.max(...Object.values(SURVEY_SCORE_RANGE).map(([, max]) => max));

export class SatisfactionRecordedV1Data {
  @IdField({ description: 'Id of the survey answer.' })
  surveyId!: string;

  @EnumField(SURVEY_KINDS, { description: 'Survey kind.' })
  kind!: SurveyKind;

  @IntegerField(SCORE_MIN, SCORE_MAX, { description: 'Score: NPS 0-10, CSAT 1-5.' })
  score!: number;

  @CodeField({ description: 'Manager the answer is attributed to.' })
  managerId!: string;

  @BooleanField({
    optional: true,
    description: 'true when recorded by the very manager it measures; absent otherwise (and on older answers).',
  })
  selfReported?: boolean;
}

export const satisfactionRecordedV1 = defineContract({
  eventType: 'SatisfactionRecorded',
  description: 'A satisfaction survey answer was recorded. The comment is free text and not published.',
  dataClass: SatisfactionRecordedV1Data,
  toData: (data) => ({
    surveyId: data.surveyId,
    kind: data.kind,
    score: data.score,
    managerId: data.managerId,
    ...whenPresent('selfReported', data.selfReported),
  }),
});
