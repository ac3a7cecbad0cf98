import { parseIntegrationMessage, subjectKindOf, type IntegrationMessage } from '@crm/contracts';
import type { RiskEvent } from '@crm/domain';

export type ReadRiskInput =
  | Readonly<{ ok: true; relevant: true; clientId: string; revision: number; event: RiskEvent }>
  | Readonly<{ ok: true; relevant: false }>
  | Readonly<{ ok: false; error: string }>;

/**
 * What the rules see of a client event: its domain type name and the integration message's data
 * (no personal data, whichever source it came from).
 */
export const riskInputOfMessage = (message: IntegrationMessage): ReadRiskInput => {
  if (subjectKindOf(message.type) !== 'client') return { ok: true, relevant: false };
  const type = /^bank\.crm\.([A-Za-z]+)\.v\d+$/.exec(message.type)?.[1];
  if (type === undefined) return { ok: false, error: 'unknown message type' };
  return {
    ok: true,
    relevant: true,
    clientId: message.subject,
    revision: message.streamrevision,
    event: { eventId: message.id, type, occurredAt: message.time, data: message.data },
  };
};

export const riskInputOfRaw = (value: Buffer): ReadRiskInput => {
  const parsed = parseIntegrationMessage(value);
  if (!parsed.ok) return { ok: false, error: `invalid message: ${parsed.errors.join('; ')}` };
  return riskInputOfMessage(parsed.message);
};
