import type { ClientTier, SurveyKind } from '@crm/domain';
import type { RecordedEvent } from '@crm/event-store';
import type { ClientView } from '../client-view/client-view';
import { asClientEvent } from '../client-view/recorded-client-event';

/**
 * One satisfaction answer as the figures read it (a `satisfaction_responses` row, read-model
 * migration 13): where the client stood when it answered, the manager it measures, the score, and
 * whether that manager recorded it. No comment, no name: nothing to erase.
 */
export type SatisfactionResponseRow = Readonly<{
  surveyId: string;
  clientId: string;
  branchId: string;
  tier: ClientTier | null;
  managerId: string;
  kind: SurveyKind;
  score: number;
  selfReported: boolean;
  /** The event's `occurredAt`, as toISOString writes it so the SQL of both engines compares it as text. */
  answeredAt: string;
}>;

/**
 * The row a `SatisfactionRecorded` adds, with the client's branch and tier from its view as the
 * batch has folded it up to that event; null for any other event.
 */
export const satisfactionResponseOf = (
  recorded: RecordedEvent,
  clientId: string,
  view: ClientView | null,
): SatisfactionResponseRow | null => {
  const event = asClientEvent(recorded);
  if (event?.type !== 'SatisfactionRecorded' || view === null) return null;
  const answeredAt = Date.parse(recorded.metadata.occurredAt);
  if (Number.isNaN(answeredAt)) return null;
  return {
    surveyId: event.data.surveyId,
    clientId,
    branchId: view.branchId,
    tier: view.tier,
    managerId: event.data.managerId,
    kind: event.data.kind,
    score: event.data.score,
    selfReported: event.data.selfReported === true,
    answeredAt: new Date(answeredAt).toISOString(),
  };
};
