import { ALERT_OUTCOMES, type AlertOutcome } from '@crm/domain';
import { AlertIdField, EnumField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { ALERT_CLIENT_DESCRIPTION, ALERT_ID_DESCRIPTION } from './alert-fields';

export class AlertResolvedV1Data {
  @AlertIdField({ description: ALERT_ID_DESCRIPTION })
  alertId!: string;

  @IdField({ description: ALERT_CLIENT_DESCRIPTION })
  clientId!: string;

  @EnumField(ALERT_OUTCOMES, {
    description: 'How the alert ended: actioned (the risk was acted on), false_positive, or reclassified.',
  })
  outcome!: AlertOutcome;

  @InstantField({ description: 'When the alert was resolved.' })
  resolvedAt!: string;
}

export const alertResolvedV1 = defineContract({
  eventType: 'AlertResolved',
  description: "The alert was resolved. The officer's note is free text and not published, nor is who resolved it.",
  dataClass: AlertResolvedV1Data,
  toData: (data) => ({
    alertId: data.alertId,
    clientId: data.clientId,
    outcome: data.outcome,
    resolvedAt: data.resolvedAt,
  }),
});
