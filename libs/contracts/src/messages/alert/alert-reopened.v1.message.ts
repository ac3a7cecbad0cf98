import { AlertIdField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { ALERT_CLIENT_DESCRIPTION, ALERT_ID_DESCRIPTION } from './alert-fields';

export class AlertReopenedV1Data {
  @AlertIdField({ description: ALERT_ID_DESCRIPTION })
  alertId!: string;

  @IdField({ description: ALERT_CLIENT_DESCRIPTION })
  clientId!: string;

  @InstantField({ description: 'When the alert was reopened.' })
  reopenedAt!: string;

  @InstantField({ description: 'When the reopened alert must be worked by.' })
  dueBy!: string;
}

export const alertReopenedV1 = defineContract({
  eventType: 'AlertReopened',
  description:
    "A resolved alert was reopened. The reason is an officer's free text and not published, nor is who reopened it.",
  dataClass: AlertReopenedV1Data,
  toData: (data) => ({
    alertId: data.alertId,
    clientId: data.clientId,
    reopenedAt: data.reopenedAt,
    dueBy: data.dueBy,
  }),
});
