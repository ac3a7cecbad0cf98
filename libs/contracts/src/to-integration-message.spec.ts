import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  ALERT_EVENT_TYPES,
  bankDateOf,
  CLIENT_EVENT_TYPES,
  daysPastDueOn,
  MANAGER_EVENT_TYPES,
  RISK_CASE_EVENT_TYPES,
  type ClientEvent,
} from '@crm/domain';
import { eventFactory } from '@crm/testing';
import { RECORDED_CONTEXT, SAMPLE_EVENTS, sampleEventOf } from '../generator/sample-events';
import {
  CLIENT_EVENTS_TOPIC,
  dedupeStreamOf,
  INTEGRATION_MESSAGE_TYPES,
  IntegrationContractError,
  integrationTypeOf,
  parseIntegrationMessage,
  RISK_ALERTS_TOPIC,
  subjectKindOf,
  toIntegrationMessage,
  toSupersededMessages,
  unknownSupersededTypes,
  topicOfIntegrationType,
  type IntegrationMessage,
  type SourceEvent,
} from './index';

const PUBLISHED_TYPES = [...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES, ...ALERT_EVENT_TYPES, ...RISK_CASE_EVENT_TYPES];
/** Message versions above 1; every other type is published at v1. */
const PUBLISHED_VERSIONS: Readonly<Record<string, number>> = { PaymentPastDue: 2 };
const publishedTypeOf = (type: string): string => `bank.crm.${type}.v${PUBLISHED_VERSIONS[type] ?? 1}`;
/** Alert and risk case messages: on the risk-alerts topic, with the client of their data as subject. */
const isAlert = (type: string): boolean =>
  (ALERT_EVENT_TYPES as readonly string[]).includes(type) ||
  (RISK_CASE_EVENT_TYPES as readonly string[]).includes(type);

const SCHEMAS = join(__dirname, '../../../docs/schemas');
const readSchema = (file: string): { $id: string } & Record<string, unknown> =>
  JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as { $id: string } & Record<string, unknown>;

const ajv = new Ajv2020({ strict: true, allErrors: true });
const envelope = ajv.compile(readSchema('cloudevent-envelope.json'));
const dataValidator = (integrationType: string) => {
  const schema = readSchema(`${integrationType}.json`);
  return { id: schema.$id, validate: ajv.getSchema(schema.$id) ?? ajv.compile(schema) };
};

const publish = (event: SourceEvent): IntegrationMessage => {
  const message = toIntegrationMessage(event);
  if (message === null) throw new Error(`${event.type} was not published`);
  return message;
};

const clientEvent = eventFactory<ClientEvent>();
/** A sample with other data, and without the recorded context (its own tests below). */
const withData = (type: string, data: unknown): SourceEvent => {
  const { context: _context, ...sample } = sampleEventOf(type as ClientEvent['type']);
  return { ...sample, type, data };
};

describe('toIntegrationMessage', () => {
  describe.each(PUBLISHED_TYPES)('%s', (type) => {
    const event = sampleEventOf(type);
    const message = publish(event);
    const integrationType = publishedTypeOf(type);

    it('fills the envelope from the stored event', () => {
      const data = event.data as Record<string, unknown>;
      const subject = isAlert(type) ? data.clientId : event.streamId.replace(/^(client|manager)-/, '');
      expect(message).toMatchObject({
        specversion: '1.0',
        id: event.eventId,
        source: 'urn:bank:crm:event-store',
        type: integrationType,
        subject,
        time: event.occurredAt,
        datacontenttype: 'application/json',
        dataschema: `https://schemas.crm.bank.example/${integrationType}.json`,
        streamrevision: event.revision,
        globalposition: event.position.toString(),
        recordedat: event.recordedAt,
        correlationid: event.correlationId,
      });
    });

    it('parses back to the same message, from a string and from bytes', () => {
      const text = JSON.stringify(message);
      expect(parseIntegrationMessage(text)).toEqual({ ok: true, message });
      expect(parseIntegrationMessage(Buffer.from(text))).toEqual({ ok: true, message });
    });

    it('satisfies the generated envelope schema and the schema of its type', () => {
      const { id, validate } = dataValidator(integrationType);
      expect(message.dataschema).toBe(id);
      expect(envelope(message) ? [] : envelope.errors).toEqual([]);
      expect(validate(message.data) ? [] : validate.errors).toEqual([]);
    });

    it('names its topic and the stream its revision counts in, which is the stored stream', () => {
      expect(topicOfIntegrationType(integrationType)).toBe(isAlert(type) ? RISK_ALERTS_TOPIC : CLIENT_EVENTS_TOPIC);
      expect(dedupeStreamOf(message)).toBe(event.streamId);
    });
  });

  it('publishes an erasure with the client as subject and nothing else: not who asked, not why', () => {
    const erased = sampleEventOf('PersonalDataErased');
    const message = toIntegrationMessage(erased);
    expect(message).toMatchObject({
      type: 'bank.crm.PersonalDataErased.v1',
      subject: erased.streamId.slice('client-'.length),
      data: {},
    });
    expect(JSON.stringify(message)).not.toMatch(/u-dpo|PIPL|DPO-/);
    expect(() => toIntegrationMessage({ ...erased, data: { requestedBy: 'u-dpo-2', basis: 'x' } })).not.toThrow();
  });

  it('publishes nothing for events without a contract', () => {
    for (const type of ['AlertCommented', 'ClientArchived', '$metadata', 'constructor', '__proto__', 'toString']) {
      expect(toIntegrationMessage({ ...sampleEventOf('ContactLogged'), type })).toBeNull();
    }
  });

  it('leaves optional fields out when the event has none', () => {
    const message = publish(
      withData('ContactLogged', {
        contactId: 'c-1',
        managerId: 'M-1',
        channel: 'call',
        purpose: 'relationship',
        summary: 'Called about renewals.',
        occurredAt: '2025-03-10T06:30:00Z',
      }),
    );
    expect(message.data).toEqual({
      contactId: 'c-1',
      managerId: 'M-1',
      channel: 'call',
      purpose: 'relationship',
      occurredAt: '2025-03-10T06:30:00Z',
    });
    expect(
      Object.keys(
        publish(withData('ManagerAssigned', { managerId: 'M-1', managerLevel: 'senior', reason: 'new' })).data,
      ),
    ).toEqual(['managerId', 'managerLevel']);
  });

  it('keeps a null "from" of the first value on a scale', () => {
    const event = clientEvent('CreditRatingChanged', { from: null, to: 'BBB', notches: 0, reason: 'first rating' });
    expect(publish(withData(event.type, event.data)).data).toEqual({ from: null, to: 'BBB', notches: 0 });
  });

  describe('ClientProfileUpdated', () => {
    const changed = (changes: object) => publish(withData('ClientProfileUpdated', { changes })).data;

    it('names the changed fields in a fixed order and publishes only a new industry', () => {
      expect(changed({ contact: { email: 'a@b.example' }, industry: 'retail', legalName: 'X Ltd' })).toEqual({
        changedFields: ['legalName', 'industry', 'contact'],
        industry: 'retail',
      });
      expect(changed({ registrationNo: '9131' })).toEqual({ changedFields: ['registrationNo'] });
    });

    it('detects a change from the key alone, whatever the stored value has become', () => {
      expect(changed({ legalName: { ciphertext: 'AAEC…', keyId: 'k-7' } })).toEqual({ changedFields: ['legalName'] });
    });
  });

  it('never reads personal or unknown fields, so it works when they are encrypted or unreadable', () => {
    const trap = (data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> => {
      const trapped = { ...data };
      for (const field of fields) {
        Object.defineProperty(trapped, field, {
          enumerable: true,
          get: () => {
            throw new Error(`${field} was read`);
          },
        });
      }
      return trapped;
    };
    const personal = [
      'legalName',
      'registrationNo',
      'contact',
      'referredBy',
      'summary',
      'text',
      'note',
      'comment',
      'reason',
      'resolution',
      'title',
      'name',
      'extra',
      'acknowledgedBy',
      'resolvedBy',
      'reopenedBy',
    ];
    // The rule's reason is part of these two alert messages; every other event must not read one.
    const published: Readonly<Record<string, readonly string[]>> = {
      AlertRaised: ['reason'],
      AlertEscalated: ['reason'],
    };
    for (const event of SAMPLE_EVENTS) {
      const data = event.data as Record<string, unknown>;
      const changes = data.changes as Record<string, unknown> | undefined;
      const trapped = trap(
        changes === undefined ? data : { ...data, changes: trap(changes, ['legalName', 'registrationNo', 'contact']) },
        personal.filter((field) => !(published[event.type] ?? []).includes(field)),
      );
      expect(() => toIntegrationMessage({ ...event, data: trapped })).not.toThrow();
    }
  });

  it('refuses to publish an event that breaks its own contract, naming fields but not values', () => {
    const broken = withData('PaymentPastDue', {
      facilityId: 'FAC 1 Zhang San',
      overdueSince: '01/05/2025',
      daysPastDue: -1,
      amountOverdue: 1200.5,
    });
    let caught: unknown;
    try {
      toIntegrationMessage(broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IntegrationContractError);
    const error = caught as IntegrationContractError;
    expect(error.integrationType).toBe('bank.crm.PaymentPastDue.v2');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('data.facilityId'),
        expect.stringContaining('data.overdueSince'),
        expect.stringContaining('data.daysPastDue'),
        expect.stringContaining('data.amountOverdue'),
      ]),
    );
    expect(error.message).not.toContain('Zhang San');
    expect(error.message).not.toContain('1200.5');
    expect(error.message).not.toContain('01/05/2025');
  });

  it('refuses an event whose data is not an object', () => {
    expect(() => toIntegrationMessage(withData('PastDueCleared', null))).toThrow(IntegrationContractError);
  });

  it('refuses a client event outside a client stream rather than guess its key', () => {
    expect(() => toIntegrationMessage({ ...sampleEventOf('ContactLogged'), streamId: 'manager-M-1' })).toThrow(
      /client stream/,
    );
    expect(() => toIntegrationMessage({ ...sampleEventOf('ManagerDeparted'), streamId: 'client-' })).toThrow(
      /manager stream/,
    );
  });

  describe('PaymentPastDue: v2 published, v1 superseded', () => {
    const { context: _context, ...pastDue } = sampleEventOf('PaymentPastDue');
    const pastDueData = pastDue.data as Record<string, unknown>;
    const V1 = 'bank.crm.PaymentPastDue.v1';
    const V2 = 'bank.crm.PaymentPastDue.v2';
    /** A message as the relay published it before v2: no overdueSince. */
    const v1Message = (): IntegrationMessage => {
      const { overdueSince: _dated, ...data } = publish(pastDue).data;
      return { ...publish(pastDue), type: V1, dataschema: `https://schemas.crm.bank.example/${V1}.json`, data };
    };

    it('is published as v2, carrying the date the arrear began beside the count on the day of the report', () => {
      const message = publish(pastDue);
      expect(message.type).toBe(V2);
      expect(message.dataschema).toBe(`https://schemas.crm.bank.example/${V2}.json`);
      expect(message.data).toEqual({
        facilityId: pastDueData.facilityId,
        overdueSince: pastDueData.overdueSince,
        daysPastDue: pastDueData.daysPastDue,
        amountOverdue: pastDueData.amountOverdue,
      });
      // The documented example is consistent: the count is the bank's date of the report less the date.
      const reportedOn = bankDateOf(Date.parse(pastDue.occurredAt), 'Asia/Shanghai');
      expect(daysPastDueOn(message.data.overdueSince as string, reportedOn)).toBe(message.data.daysPastDue);
    });

    it('is refused, naming overdueSince, when the data was not upcast: v2 is never published undated', () => {
      const { overdueSince: _dated, ...v1Data } = pastDueData;
      expect(() => toIntegrationMessage({ ...pastDue, data: v1Data })).toThrow(/data\.overdueSince/);
    });

    it('still parses a v1 message already on the topic, and refuses one that mixes the versions', () => {
      const message = v1Message();
      expect(parseIntegrationMessage(JSON.stringify(message))).toEqual({ ok: true, message });
      const mixed = parseIntegrationMessage({ ...message, data: { ...message.data, overdueSince: '2025-05-01' } });
      expect(mixed).toEqual({ ok: false, errors: [expect.stringContaining('data.overdueSince')] });
      const misnamed = parseIntegrationMessage({ ...message, dataschema: publish(pastDue).dataschema });
      expect(misnamed).toEqual({ ok: false, errors: ['dataschema must be the schema URI of the message type'] });
    });

    it('is also published as v1 during a migration window: same id, subject and revision, v1 data, no context', () => {
      const current = publish(pastDue);
      const recordedWithContext = { ...pastDue, context: RECORDED_CONTEXT };
      const twins = toSupersededMessages(recordedWithContext, new Set([V1]));
      expect(twins).toEqual([{ ...v1Message(), globalposition: current.globalposition }]);
      expect(twins[0]?.data).not.toHaveProperty('context');
      expect(toSupersededMessages(pastDue, new Set())).toEqual([]);
      expect(toSupersededMessages(sampleEventOf('ContactLogged'), new Set([V1]))).toEqual([]);
      expect(unknownSupersededTypes([V1, V2, 'bank.crm.ContactLogged.v1'])).toEqual([V2, 'bank.crm.ContactLogged.v1']);
    });

    it('keeps both schema files: a v1 message satisfies the v1 schema, and its data is not v2 data', () => {
      const v1 = dataValidator(V1);
      const v2 = dataValidator(V2);
      const message = v1Message();
      expect(message.dataschema).toBe(v1.id);
      expect(envelope(message) ? [] : envelope.errors).toEqual([]);
      expect(v1.validate(message.data) ? [] : v1.validate.errors).toEqual([]);
      expect(v2.validate(message.data)).toBe(false);
      expect(v1.validate(publish(pastDue).data)).toBe(false);
    });
  });

  describe('alert events', () => {
    const raised = sampleEventOf('AlertRaised');
    const raisedData = raised.data as Record<string, unknown>;
    const alertId = raisedData.alertId as string;
    const clientId = raisedData.clientId as string;

    it('are keyed by the client of the alert, read from data, whatever the alert id looks like', () => {
      // The client is never parsed out of the alert id: an alert id of any shape keys by data.clientId.
      const opaque = 'EW-LIT.some-other-client.7';
      const message = publish({ ...raised, streamId: `alert-${opaque}`, data: { ...raisedData, alertId: opaque } });
      expect(message.subject).toBe(clientId);
      expect(message.data.alertId).toBe(opaque);
      expect(dedupeStreamOf(message)).toBe(`alert-${opaque}`);
    });

    it('keep the revision of the alert stream, so two alerts of one client count apart', () => {
      const second = `EW-DPD.${clientId}.2`;
      const first = publish({ ...raised, revision: 3 });
      const other = publish({
        ...raised,
        revision: 0,
        streamId: `alert-${second}`,
        data: { ...raisedData, alertId: second, episode: 2 },
      });
      expect([first.subject, first.streamrevision, dedupeStreamOf(first)]).toEqual([clientId, 3, `alert-${alertId}`]);
      expect([other.subject, other.streamrevision, dedupeStreamOf(other)]).toEqual([clientId, 0, `alert-${second}`]);
    });

    it.each(ALERT_EVENT_TYPES)('%s outside the stream of its own alert is refused', (type) => {
      const event = sampleEventOf(type);
      const data = event.data as Record<string, unknown>;
      for (const streamId of [`client-${clientId}`, `alert-${alertId}x`, 'alert-', alertId]) {
        expect(() => toIntegrationMessage({ ...event, streamId })).toThrow(/alert stream of its data.alertId/);
      }
      for (const broken of [{ alertId: undefined }, { alertId: '' }, { alertId: 42 }]) {
        expect(() => toIntegrationMessage({ ...event, data: { ...data, ...broken } })).toThrow(
          IntegrationContractError,
        );
      }
    });

    it.each(ALERT_EVENT_TYPES)('%s without a valid clientId is refused, naming the field but not the value', (type) => {
      const event = sampleEventOf(type);
      const data = event.data as Record<string, unknown>;
      for (const clientIdValue of [undefined, '', 'Zhang San 4242', 4242, null]) {
        let caught: unknown;
        try {
          toIntegrationMessage({ ...event, data: { ...data, clientId: clientIdValue } });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(IntegrationContractError);
        expect((caught as Error).message).toContain('data.clientId');
        expect((caught as Error).message).not.toContain('Zhang San');
      }
    });

    it('refuse a rule reason over the bound, and evidence that is not a list of event ids', () => {
      expect(() => publish({ ...raised, data: { ...raisedData, reason: 'x'.repeat(501) } })).toThrow(
        /data.reason must be at most 500/,
      );
      expect(publish({ ...raised, data: { ...raisedData, reason: 'x'.repeat(500) } }).data.reason).toHaveLength(500);
      expect(() => publish({ ...raised, data: { ...raisedData, evidence: ['has space'] } })).toThrow(
        /data.evidence items must be event ids/,
      );
      expect(() => publish({ ...raised, data: { ...raisedData, evidence: 'e-1' } })).toThrow(
        /data.evidence must be an array/,
      );
      expect(() =>
        publish({ ...raised, data: { ...raisedData, evidence: Array.from({ length: 101 }, (_, i) => `e-${i}`) } }),
      ).toThrow(/data.evidence must have at most 100 items/);
      expect(publish({ ...raised, data: { ...raisedData, evidence: [] } }).data.evidence).toEqual([]);
    });

    it('copy the evidence list, so the message does not share it with the stored event', () => {
      const evidence = ['e-1', 'e-2'];
      const message = publish({ ...raised, data: { ...raisedData, evidence } });
      evidence.push('e-3');
      expect(message.data.evidence).toEqual(['e-1', 'e-2']);
    });

    it('publish only what the contract lists', () => {
      const dataOf = (type: (typeof ALERT_EVENT_TYPES)[number]) => Object.keys(publish(sampleEventOf(type)).data);
      expect(dataOf('AlertAcknowledged')).toEqual(['alertId', 'clientId', 'acknowledgedAt']);
      expect(dataOf('AlertResolved')).toEqual(['alertId', 'clientId', 'outcome', 'resolvedAt']);
      expect(dataOf('AlertReopened')).toEqual(['alertId', 'clientId', 'reopenedAt', 'dueBy']);
      expect(dataOf('AlertEscalated')).toEqual([
        'alertId',
        'clientId',
        'from',
        'severity',
        'to',
        'reason',
        'evidence',
        'escalatedAt',
        'dueBy',
      ]);
    });
  });
});

describe('dedupeStreamOf', () => {
  const messageOf = (type: Parameters<typeof sampleEventOf>[0]): IntegrationMessage => publish(sampleEventOf(type));

  it('names the client stream of a client message, the manager stream of a manager message', () => {
    const client = messageOf('ContactLogged');
    const manager = messageOf('ManagerDeparted');
    expect(dedupeStreamOf(client)).toBe(`client-${client.subject}`);
    expect(dedupeStreamOf(manager)).toBe(`manager-${manager.subject}`);
  });

  it('names the alert stream of an alert message, not its subject', () => {
    const alert = messageOf('AlertResolved');
    expect(dedupeStreamOf(alert)).toBe(`alert-${String(alert.data.alertId)}`);
    expect(dedupeStreamOf(alert)).not.toContain(`client-`);
  });

  it('keeps a client and a manager with the same id apart', () => {
    const client = messageOf('ContactLogged');
    const manager = { ...messageOf('ManagerDeparted'), subject: client.subject };
    expect(dedupeStreamOf(client)).not.toBe(dedupeStreamOf(manager));
  });

  it('refuses an alert message without an alert id instead of guessing a stream', () => {
    const alert = messageOf('AlertRaised');
    const { alertId: _dropped, ...data } = alert.data;
    expect(() => dedupeStreamOf({ ...alert, data })).toThrow(IntegrationContractError);
  });

  it('marks an unknown type rather than mix it with a known stream', () => {
    expect(dedupeStreamOf({ ...messageOf('ContactLogged'), type: 'bank.crm.Unknown.v1' })).toMatch(/^unknown-/);
  });
});

describe('integration types', () => {
  it('maps every client, manager and alert event to bank.crm.<EventName>.v1, PaymentPastDue to its v2', () => {
    expect(PUBLISHED_TYPES.map(integrationTypeOf)).toEqual(PUBLISHED_TYPES.map(publishedTypeOf));
    expect(integrationTypeOf('PaymentPastDue')).toBe('bank.crm.PaymentPastDue.v2');
    expect(PUBLISHED_TYPES.filter((type) => publishedTypeOf(type) !== `bank.crm.${type}.v1`)).toEqual([
      'PaymentPastDue',
    ]);
  });

  it('lists only the published versions as message types: a superseded version is not published', () => {
    expect(INTEGRATION_MESSAGE_TYPES).toEqual(PUBLISHED_TYPES.map(publishedTypeOf));
    expect(INTEGRATION_MESSAGE_TYPES).not.toContain('bank.crm.PaymentPastDue.v1');
  });

  it('knows no type for events that are not published', () => {
    expect(integrationTypeOf('ClientArchived')).toBeNull();
    expect(integrationTypeOf('hasOwnProperty')).toBeNull();
  });

  it('knows the kind of stream and the topic of a superseded version, for messages already on the topic', () => {
    expect(subjectKindOf('bank.crm.PaymentPastDue.v1')).toBe('client');
    expect(topicOfIntegrationType('bank.crm.PaymentPastDue.v1')).toBe(CLIENT_EVENTS_TOPIC);
  });

  it('knows the kind of stream and the topic of every type', () => {
    const kinds = [
      ...CLIENT_EVENT_TYPES.map((type) => [type, 'client', CLIENT_EVENTS_TOPIC]),
      ...MANAGER_EVENT_TYPES.map((type) => [type, 'manager', CLIENT_EVENTS_TOPIC]),
      ...ALERT_EVENT_TYPES.map((type) => [type, 'alert', RISK_ALERTS_TOPIC]),
    ];
    expect(
      kinds.map(([type]) => [
        type,
        subjectKindOf(publishedTypeOf(type)),
        topicOfIntegrationType(publishedTypeOf(type)),
      ]),
    ).toEqual(kinds);
  });

  it('knows neither kind nor topic of an unknown type', () => {
    for (const type of [
      'bank.crm.AlertRaised.v2',
      'bank.crm.PaymentPastDue.v3',
      'AlertRaised',
      '__proto__',
      'constructor',
      '',
    ]) {
      expect([subjectKindOf(type), topicOfIntegrationType(type)]).toEqual([null, null]);
    }
  });

  it('has one sample event per type for the docs and these specs', () => {
    expect(SAMPLE_EVENTS.map((event) => event.type).sort()).toEqual([...PUBLISHED_TYPES].sort());
  });

  describe('context', () => {
    const recorded = RECORDED_CONTEXT;
    const logged = { ...sampleEventOf('ContactLogged'), context: recorded };

    it('gives a client message the routing part of the context its event recorded, nothing more', () => {
      expect(publish(logged).data.context).toEqual({
        branchId: 'BR-SH-002',
        segment: 'sme',
        tier: 'key',
        managerId: 'M-7',
      });
      expect(publish({ ...logged, context: { ...recorded, tier: null, managerId: null } }).data.context).toEqual({
        branchId: 'BR-SH-002',
        segment: 'sme',
        tier: null,
        managerId: null,
      });
    });

    it('leaves it out for events recorded without one, and for manager and alert messages', () => {
      const { context: _context, ...bare } = logged;
      expect(publish(bare).data).not.toHaveProperty('context');
      expect(publish({ ...sampleEventOf('ManagerRegistered'), context: recorded }).data).not.toHaveProperty('context');
      expect(publish({ ...sampleEventOf('AlertRaised'), context: recorded }).data).not.toHaveProperty('context');
    });

    it('refuses a recorded context that breaks the contract, naming the rule and not the value', () => {
      for (const context of [
        { ...recorded, branchId: 'BR SH 002' },
        { ...recorded, segment: 'retail' },
        { ...recorded, tier: 'gold' },
        { ...recorded, managerId: 7 },
      ]) {
        expect(() => publish({ ...logged, context })).toThrow(
          /data\.context must be \{ branchId, segment, tier, managerId \}/,
        );
      }
      expect(() => publish({ ...logged, context: { ...recorded, branchId: 'BR SH 002' } })).not.toThrow(/BR SH 002/);
    });
  });
});

describe('risk case messages', () => {
  it('publish no user id: not who was assigned, nor who assigned', () => {
    const assigned = toIntegrationMessage(sampleEventOf('RiskCaseAssigned'));
    expect(assigned?.data).toEqual({
      caseId: expect.any(String),
      clientId: expect.any(String),
      assignedAt: expect.any(String),
    });
    expect(JSON.stringify(assigned)).not.toContain('u-risk-officer-7');
  });

  it('refuse an event outside the stream of its case', () => {
    const opened = sampleEventOf('RiskCaseOpened');
    expect(() => toIntegrationMessage({ ...opened, streamId: 'risk-case-someone-else.1' })).toThrow(
      IntegrationContractError,
    );
  });
});
