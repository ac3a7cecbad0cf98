import { SURVEY_KINDS, SURVEY_SCORE_RANGE, type SurveyKind } from '@crm/domain';
import { EnumField, InstantField, IntegerField, PatternField } from '../../fields/message-fields';
import { CLIENT_ID_PATTERN } from '../inbound-patterns';
import { defineInboundFact } from '../inbound-fact-contract';

const SCORE_MIN = Math.min(...Object.values(SURVEY_SCORE_RANGE).map(([min]) => min));
const SCORE_MAX = Math.max(...Object.values(SURVEY_SCORE_RANGE).map(([, max]) => max));

/** No comment field: free text from a survey is personal data the backbone does not carry. */
export class SatisfactionAnsweredV1Data {
  @PatternField(CLIENT_ID_PATTERN, 'must be a client id (lower-case uuid)', {
    description: 'The client; equals the subject and the Kafka key.',
  })
  clientId!: string;

  @EnumField(SURVEY_KINDS, { description: 'Survey kind.' })
  kind!: SurveyKind;

  @IntegerField(SCORE_MIN, SCORE_MAX, {
    description: 'Score: NPS 0-10, CSAT 1-5 (the range of the kind is checked too).',
  })
  score!: number;

  @InstantField({ description: 'When the client answered.' })
  answeredAt!: string;
}

export const satisfactionAnsweredV1 = defineInboundFact({
  type: 'bank.survey.SatisfactionAnswered.v1',
  description: 'The survey tool: the client answered a satisfaction survey.',
  dataClass: SatisfactionAnsweredV1Data,
});
