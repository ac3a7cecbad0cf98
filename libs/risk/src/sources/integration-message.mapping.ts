import { parseIntegrationMessage, subjectKindOf, type IntegrationMessage } from '@crm/contracts';
import { upcastPaymentPastDueV1, type RiskEvent } from '@crm/domain';

export type ReadRiskInput =
  | Readonly<{ ok: true; relevant: true; clientId: string; revision: number; event: RiskEvent }>
  | Readonly<{ ok: true; relevant: false }>
  | Readonly<{ ok: false; error: string }>;

/**
 * Messages of a superseded version still on a topic, brought to the current shape: a v1 past-due
 * report is dated from its recording day on the bank's calendar, as the store's upcaster does.
 */
const currentData = (message: IntegrationMessage, timeZone: string): Readonly<Record<string, unknown>> =>
  message.type === 'bank.crm.PaymentPastDue.v1'
    ? (upcastPaymentPastDueV1(message.data, message.recordedat, timeZone) as Readonly<Record<string, unknown>>)
    : message.data;

/**
 * What the rules see of a client event: its domain type name and the integration message's data
 * (no personal data, whichever source it came from). `timeZone` is the bank's, for old versions.
 */
export const riskInputOfMessage = (message: IntegrationMessage, timeZone: string): ReadRiskInput => {
  if (subjectKindOf(message.type) !== 'client') return { ok: true, relevant: false };
  const type = /^bank\.crm\.([A-Za-z]+)\.v\d+$/.exec(message.type)?.[1];
  if (type === undefined) return { ok: false, error: 'unknown message type' };
  return {
    ok: true,
    relevant: true,
    clientId: message.subject,
    revision: message.streamrevision,
    event: { eventId: message.id, type, occurredAt: message.time, data: currentData(message, timeZone) },
  };
};

export const riskInputOfRaw = (value: Buffer, timeZone: string): ReadRiskInput => {
  const parsed = parseIntegrationMessage(value);
  if (!parsed.ok) return { ok: false, error: `invalid message: ${parsed.errors.join('; ')}` };
  return riskInputOfMessage(parsed.message, timeZone);
};
