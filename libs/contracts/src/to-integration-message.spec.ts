import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { CLIENT_EVENT_TYPES, MANAGER_EVENT_TYPES } from '@crm/domain';
import { eventFactory } from '@crm/testing';
import type { ClientEvent } from '@crm/domain';
import { SAMPLE_EVENTS, sampleEventOf } from '../generator/sample-events';
import {
  INTEGRATION_MESSAGE_TYPES,
  IntegrationContractError,
  integrationTypeOf,
  parseIntegrationMessage,
  toIntegrationMessage,
  type IntegrationMessage,
  type SourceEvent,
} from './index';

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
const withData = (type: string, data: unknown): SourceEvent => ({ ...sampleEventOf(type as ClientEvent['type']), type, data });

describe('toIntegrationMessage', () => {
  describe.each([...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES])('%s', (type) => {
    const event = sampleEventOf(type);
    const message = publish(event);
    const integrationType = `bank.crm.${type}.v1`;

    it('fills the envelope from the stored event', () => {
      const stream = event.streamId.startsWith('client-') ? 'client-' : 'manager-';
      expect(message).toMatchObject({
        specversion: '1.0',
        id: event.eventId,
        source: 'urn:bank:crm:event-store',
        type: integrationType,
        subject: event.streamId.slice(stream.length),
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
  });

  it('publishes nothing for events without a contract', () => {
    for (const type of ['AlertRaised', 'PersonalDataErased', '$metadata', 'constructor', '__proto__', 'toString']) {
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
    expect(message.data).toEqual({ contactId: 'c-1', managerId: 'M-1', channel: 'call', purpose: 'relationship', occurredAt: '2025-03-10T06:30:00Z' });
    expect(Object.keys(publish(withData('ManagerAssigned', { managerId: 'M-1', managerLevel: 'senior', reason: 'new' })).data)).toEqual([
      'managerId',
      'managerLevel',
    ]);
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
    const personal = ['legalName', 'registrationNo', 'contact', 'referredBy', 'summary', 'text', 'note', 'comment', 'reason', 'resolution', 'name', 'extra'];
    for (const event of SAMPLE_EVENTS) {
      const data = event.data as Record<string, unknown>;
      const changes = data.changes as Record<string, unknown> | undefined;
      const trapped = trap(
        changes === undefined ? data : { ...data, changes: trap(changes, ['legalName', 'registrationNo', 'contact']) },
        personal.filter((field) => field !== 'changes'),
      );
      expect(() => toIntegrationMessage({ ...event, data: trapped })).not.toThrow();
    }
  });

  it('refuses to publish an event that breaks its own contract, naming fields but not values', () => {
    const broken = withData('PaymentPastDue', { facilityId: 'FAC 1 Zhang San', daysPastDue: 0, amountOverdue: 1200.5 });
    let caught: unknown;
    try {
      toIntegrationMessage(broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IntegrationContractError);
    const error = caught as IntegrationContractError;
    expect(error.integrationType).toBe('bank.crm.PaymentPastDue.v1');
    expect(error.errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('data.facilityId'),
        expect.stringContaining('data.daysPastDue'),
        expect.stringContaining('data.amountOverdue'),
      ]),
    );
    expect(error.message).not.toContain('Zhang San');
    expect(error.message).not.toContain('1200.5');
  });

  it('refuses an event whose data is not an object', () => {
    expect(() => toIntegrationMessage(withData('PastDueCleared', null))).toThrow(IntegrationContractError);
  });

  it('refuses a client event outside a client stream rather than guess its key', () => {
    expect(() => toIntegrationMessage({ ...sampleEventOf('ContactLogged'), streamId: 'manager-M-1' })).toThrow(/client stream/);
    expect(() => toIntegrationMessage({ ...sampleEventOf('ManagerDeparted'), streamId: 'client-' })).toThrow(/manager stream/);
  });
});

describe('integration types', () => {
  it('maps every client and manager event to bank.crm.<EventName>.v1', () => {
    const types = [...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES];
    expect(types.map(integrationTypeOf)).toEqual(types.map((type) => `bank.crm.${type}.v1`));
    expect(INTEGRATION_MESSAGE_TYPES).toEqual(types.map((type) => `bank.crm.${type}.v1`));
  });

  it('knows no type for events that are not published', () => {
    expect(integrationTypeOf('AlertRaised')).toBeNull();
    expect(integrationTypeOf('hasOwnProperty')).toBeNull();
  });

  it('has one sample event per type for the docs and these specs', () => {
    expect(SAMPLE_EVENTS.map((event) => event.type).sort()).toEqual([...CLIENT_EVENT_TYPES, ...MANAGER_EVENT_TYPES].sort());
  });
});
