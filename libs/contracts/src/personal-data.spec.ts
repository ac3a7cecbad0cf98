import { ALERT_EVENT_TYPES, CLIENT_EVENT_TYPES, MANAGER_EVENT_TYPES, RISK_CASE_EVENT_TYPES } from '@crm/domain';
import { SAMPLE_EVENTS } from '../generator/sample-events';
import { parseIntegrationMessage, toIntegrationMessage } from './index';

/**
 * Plants distinctive personal values in every personal and free-text field the domain knows, plus
 * fields it does not know yet, in every event type, and checks none of them reaches a message.
 */
const PLANTED = {
  legalName: 'Qwzx Planted Legal Name Holdings Ltd',
  registrationNo: '91310000PLANTED7Q',
  phone: '+86 21 5550 4242',
  email: 'planted.person@qwzx.example',
  referredBy: 'Planted Referrer Wu Qwzx',
  summary: 'Planted summary: CFO confided a divorce',
  text: 'Planted feedback text about Qwzx',
  note: 'Planted risk note: court case 2025-QWZX',
  comment: 'Planted survey comment by Qwzx',
  reason: 'Planted reason: health of the owner',
  resolution: 'Planted resolution: refund to account 6222-QWZX',
  name: 'Planted Manager Name Qwzx',
  // Who worked an alert: staff user ids, which consumers do not need.
  acknowledgedBy: 'u-planted-acknowledger-qwzx',
  resolvedBy: 'u-planted-resolver-qwzx',
  reopenedBy: 'u-planted-reopener-qwzx',
  // Who took, assigned or commented on a risk case.
  assignee: 'u-planted-assignee-qwzx',
  assignedBy: 'u-planted-assigner-qwzx',
  author: 'u-planted-author-qwzx',
  title: 'Planted task title: visit Qwzx in hospital',
  futureField: 'Planted future personal field Qwzx',
} as const;

const personalData = {
  legalName: PLANTED.legalName,
  registrationNo: PLANTED.registrationNo,
  contact: { phone: PLANTED.phone, email: PLANTED.email },
  referredBy: PLANTED.referredBy,
  summary: PLANTED.summary,
  text: PLANTED.text,
  note: PLANTED.note,
  comment: PLANTED.comment,
  reason: PLANTED.reason,
  resolution: PLANTED.resolution,
  name: PLANTED.name,
  acknowledgedBy: PLANTED.acknowledgedBy,
  resolvedBy: PLANTED.resolvedBy,
  reopenedBy: PLANTED.reopenedBy,
  assignee: PLANTED.assignee,
  assignedBy: PLANTED.assignedBy,
  author: PLANTED.author,
  title: PLANTED.title,
  // A field the domain may add later: the allow-list must leave it behind without being told.
  futureField: PLANTED.futureField,
};

/**
 * Fields a message does publish, so they keep the sample's value instead of a planted one: the
 * reason an alert rule generated (see docs/events.md). Every other reason, including the one given
 * for reopening an alert, is planted and must stay out.
 */
const PUBLISHED_TEXT: Readonly<Record<string, readonly string[]>> = {
  AlertRaised: ['reason'],
  AlertEscalated: ['reason'],
};

const plantedIn = (type: string, data: unknown): Record<string, unknown> => {
  const given = data as Record<string, unknown>;
  const changes = given.changes === undefined ? {} : { changes: { ...personalData, industry: 'logistics' } };
  const kept = Object.fromEntries((PUBLISHED_TEXT[type] ?? []).map((field) => [field, given[field]]));
  return { ...given, ...personalData, ...changes, ...kept };
};

describe('integration messages carry no personal data', () => {
  it.each([...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES, ...ALERT_EVENT_TYPES, ...RISK_CASE_EVENT_TYPES])(
    '%s',
    (type) => {
      const event = SAMPLE_EVENTS.find((sample) => sample.type === type);
      if (event === undefined) throw new Error(`no sample of ${type}`);

      const message = toIntegrationMessage({ ...event, data: plantedIn(type, event.data) });

      expect(message).not.toBeNull();
      expect(parseIntegrationMessage(message).ok).toBe(true);
      const json = JSON.stringify(message);
      for (const value of Object.values(PLANTED)) expect(json).not.toContain(value);
      // Fragments too, in case a value were ever cut or reformatted on the way out.
      expect(json.toLowerCase()).not.toContain('qwzx');
      expect(json).not.toContain('5550 4242');
    },
  );

  it.each(ALERT_EVENT_TYPES)(
    '%s: the officer who worked it and the resolution note stay out, as the sample has them',
    (type) => {
      const event = SAMPLE_EVENTS.find((sample) => sample.type === type);
      if (event === undefined) throw new Error(`no sample of ${type}`);
      const data = event.data as Record<string, unknown>;
      const json = JSON.stringify(toIntegrationMessage(event));
      const withheld = [
        'note',
        'acknowledgedBy',
        'resolvedBy',
        'reopenedBy',
        ...(PUBLISHED_TEXT[type] === undefined ? ['reason'] : []),
      ];
      for (const field of withheld) {
        if (typeof data[field] === 'string') expect([field, json.includes(data[field])]).toEqual([field, false]);
      }
    },
  );
});
