import type { SatisfactionAnsweredV1Data } from '@crm/contracts';
import { derivedEventId, recoveryTaskIdOf } from '@crm/event-store';
import { dataOf, type FactMapping } from './fact-mapping';

/**
 * As POST /v1/clients/:id/satisfaction without a managerId: the answer is attributed to the
 * client's current manager, as the route does for a service caller. The survey id is derived from
 * the fact, so the decider too absorbs a repeat (and a detractor's recovery task is named after it). The survey tool sends no comment (free text is
 * personal data), so the comment says where the answer came from.
 */
export const satisfactionAnsweredMapping: FactMapping = {
  type: 'bank.survey.SatisfactionAnswered.v1',
  route: 'POST /v1/clients/:id/satisfaction',
  scope: 'crm:satisfaction.record',
  toCommand: async (fact, lookups) => {
    const data = dataOf<SatisfactionAnsweredV1Data>(fact);
    const surveyId = derivedEventId(`survey\n${fact.source}\n${fact.id}`, 0);
    return {
      type: 'RecordSatisfaction',
      data: {
        surveyId,
        kind: data.kind,
        score: data.score,
        comment: 'answered in the survey tool',
        // An empty id makes the decider refuse the command (CLIENT.INVALID_VALUE on managerId): a
        // client without a manager cannot hold an answer, as on the route.
        managerId: (await lookups.currentManagerOf(fact.subject)) ?? '',
        // Due from when the client answered: the same due time however late, or how often, the fact is applied.
        recovery: { taskId: recoveryTaskIdOf(surveyId), dueInDays: lookups.recoveryDays, answeredAt: data.answeredAt },
      },
    };
  },
};
