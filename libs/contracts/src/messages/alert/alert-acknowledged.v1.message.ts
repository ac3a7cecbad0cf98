import { AlertIdField, IdField, InstantField } from '../../fields/message-fields';
import { defineContract } from '../message-contract';
import { ALERT_CLIENT_DESCRIPTION, ALERT_ID_DESCRIPTION } from './alert-fields';

export class AlertAcknowledgedV1Data {
  @AlertIdField({ description: ALERT_ID_DESCRIPTION })
  alertId!: string;

  @IdField({ description: ALERT_CLIENT_DESCRIPTION })
  clientId!: string;

  @InstantField({ description: 'When a risk officer took the alert on.' })
  acknowledgedAt!: string;
}

export const alertAcknowledgedV1 = defineContract({
  eventType: 'AlertAcknowledged',
  description: 'A risk officer acknowledged the alert. Who acknowledged it is not published.',
  dataClass: AlertAcknowledgedV1Data,
  toData: (data) => ({ alertId: data.alertId, clientId: data.clientId, acknowledgedAt: data.acknowledgedAt }),
});
