import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import {
  CLIENT_EVENTS_TOPIC,
  CLIENT_STATE_TOPIC,
  DEAD_LETTER_TOPIC,
  INBOUND_CLIENT_FACTS_TOPIC,
  INBOUND_FACT_CONTRACTS,
  INTEGRATION_MESSAGE_TYPES,
  RISK_ALERTS_TOPIC,
} from '../src';
import { SUPERSEDED_CONTRACTS } from '../src/messages/contract-registry';
import { parseInboundFact } from '../src/inbound/parse-inbound-fact';
import { ASYNCAPI_FILE, EVENTS_FILE, generateContractDocuments, SCHEMAS_DIR } from './contract-documents';

const ROOT = join(__dirname, '../../..');
const read = (path: string): string | null =>
  existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : null;
const STALE = 'is out of date: run `npm run contracts:generate` and commit the result';

const documents = generateContractDocuments(read(EVENTS_FILE) ?? '');
const SUPERSEDED_TYPES = SUPERSEDED_CONTRACTS.map((contract) => contract.integrationType);
const schemaOf = (type: string): Record<string, unknown> =>
  JSON.parse(documents.get(`${SCHEMAS_DIR}/${type}.json`) ?? 'null') as Record<string, unknown>;

describe('generated contract documents', () => {
  it.each([...documents.keys()])('%s matches the contracts', (path) => {
    const committed = read(path);
    if (committed !== documents.get(path)) {
      throw new Error(`${path} ${STALE}`);
    }
  });

  it('leaves no schema of a type that no longer exists', () => {
    const extra = readdirSync(join(ROOT, SCHEMAS_DIR)).filter((file) => !documents.has(`${SCHEMAS_DIR}/${file}`));
    if (extra.length > 0) throw new Error(`${extra.join(', ')} in ${SCHEMAS_DIR} ${STALE}`);
  });

  it('is deterministic', () => {
    expect(generateContractDocuments(read(EVENTS_FILE) ?? '')).toEqual(documents);
  });

  it('writes one draft 2020-12 schema per message type, superseded ones too, closed, with $id = dataschema', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const type of [...INTEGRATION_MESSAGE_TYPES, ...SUPERSEDED_TYPES]) {
      const schema = schemaOf(type);
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `https://schemas.crm.bank.example/${type}.json`,
        title: type,
        type: 'object',
        additionalProperties: false,
      });
      expect(() => ajv.compile(schema)).not.toThrow();
    }
  });

  it('writes one closed schema per fact type the CRM receives, agreeing with the parser on a fact and a refusal', () => {
    const ajv = new Ajv2020({ strict: true });
    const envelope = ajv.compile(schemaOf('inbound-cloudevent-envelope'));
    const pastDue = ajv.compile(schemaOf('bank.core.PastDueReported.v1'));
    for (const contract of INBOUND_FACT_CONTRACTS) {
      expect(schemaOf(contract.type)).toMatchObject({ $id: contract.dataschema, additionalProperties: false });
    }
    const clientId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const data = { clientId, facilityId: 'F-1', amountOverdue: '10.00', overdueSince: '2026-11-02' };
    const fact = {
      specversion: '1.0',
      id: 'core-1',
      source: 'urn:bank:core',
      type: 'bank.core.PastDueReported.v1',
      subject: clientId,
      datacontenttype: 'application/json',
      data,
    };
    expect([envelope(fact), pastDue(data), parseInboundFact(clientId, Buffer.from(JSON.stringify(fact))).ok]).toEqual([
      true,
      true,
      true,
    ]);
    const refused = { ...data, amountOverdue: 10 };
    expect([
      pastDue(refused),
      parseInboundFact(clientId, Buffer.from(JSON.stringify({ ...fact, data: refused }))).ok,
    ]).toEqual([false, false]);
  });

  describe('PaymentPastDue: v2 published, v1 superseded', () => {
    it('supersedes exactly bank.crm.PaymentPastDue.v1, which is no longer a published type', () => {
      expect(SUPERSEDED_TYPES).toEqual(['bank.crm.PaymentPastDue.v1']);
      expect(INTEGRATION_MESSAGE_TYPES).toContain('bank.crm.PaymentPastDue.v2');
      expect(INTEGRATION_MESSAGE_TYPES).not.toContain('bank.crm.PaymentPastDue.v1');
    });

    it('keeps the v1 schema as it was (no overdueSince), saying what superseded it; v2 requires the date', () => {
      const v1 = schemaOf('bank.crm.PaymentPastDue.v1');
      const v2 = schemaOf('bank.crm.PaymentPastDue.v2');
      expect(v1.required).toEqual(['facilityId', 'daysPastDue', 'amountOverdue']);
      expect(Object.keys(v1.properties as object)).toEqual(['facilityId', 'daysPastDue', 'amountOverdue']);
      expect(v1.description).toContain('Superseded by bank.crm.PaymentPastDue.v2');
      expect(v2.required).toEqual(['facilityId', 'overdueSince', 'daysPastDue', 'amountOverdue']);
      const ajv = new Ajv2020({ strict: true });
      const validV2 = ajv.compile(v2);
      const undated = { facilityId: 'F-1', daysPastDue: 3, amountOverdue: '10.00' };
      expect(validV2({ ...undated, overdueSince: '2025-05-01' })).toBe(true);
      for (const overdueSince of [undefined, '2025-5-1', '2025-05-01T00:00:00Z', '01/05/2025']) {
        expect([overdueSince, validV2({ ...undated, overdueSince })]).toEqual([overdueSince, false]);
      }
    });

    it('catalogues and describes in AsyncAPI only v2; events.md says that v2 replaced v1 and links its schema', () => {
      const events = documents.get(EVENTS_FILE) ?? '';
      expect(events).toContain('### bank.crm.PaymentPastDue.v2');
      expect(events).not.toContain('### bank.crm.PaymentPastDue.v1');
      expect(events).toContain('(schemas/bank.crm.PaymentPastDue.v1.json)');
      expect(documents.get(ASYNCAPI_FILE)).not.toContain('bank.crm.PaymentPastDue.v1');
    });
  });

  it('describes every field of the catalogue in words, never as a raw pattern', () => {
    const events = documents.get(EVENTS_FILE) ?? '';
    expect(events.split('\n').filter((line) => line.includes('string matching'))).toEqual([]);
  });

  it('keeps the hand-written parts of docs/events.md, including the consumer kit section', () => {
    const events = documents.get(EVENTS_FILE) ?? '';
    expect(events).toContain('## Consumer kit\n\n`libs/messaging` gives an internal service');
    for (const type of INTEGRATION_MESSAGE_TYPES) expect(events).toContain(`### ${type}`);
  });

  describe('docs/asyncapi.yaml', () => {
    const document = parse(documents.get(ASYNCAPI_FILE) ?? '') as Record<string, unknown>;

    /** Follows a local `#/a/b` reference through the document. */
    const resolve = (ref: string): unknown =>
      ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);

    const refsIn = (node: unknown): string[] => {
      if (Array.isArray(node)) return node.flatMap(refsIn);
      if (typeof node !== 'object' || node === null) return [];
      return Object.entries(node).flatMap(([key, value]) =>
        key === '$ref' && typeof value === 'string' ? [value] : refsIn(value),
      );
    };

    it('is AsyncAPI 3.0.0 with the four published topics and the inbound one as channels', () => {
      expect(document.asyncapi).toBe('3.0.0');
      const channels = document.channels as Record<string, { address: string }>;
      expect(Object.values(channels).map((channel) => channel.address)).toEqual([
        CLIENT_EVENTS_TOPIC,
        RISK_ALERTS_TOPIC,
        CLIENT_STATE_TOPIC,
        DEAD_LETTER_TOPIC,
        INBOUND_CLIENT_FACTS_TOPIC,
      ]);
    });

    it('puts every fact type the CRM receives on the inbound channel, each with its schema file', () => {
      const channels = document.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
      const inbound = Object.values(channels).find((channel) => channel.address === INBOUND_CLIENT_FACTS_TOPIC);
      const messages = (document.components as { messages: Record<string, { name: string }> }).messages;
      const names = Object.keys(inbound?.messages ?? {}).map((key) => messages[key]?.name);
      expect(names).toEqual(INBOUND_FACT_CONTRACTS.map((contract) => contract.type));
      for (const contract of INBOUND_FACT_CONTRACTS) {
        expect(documents.has(`docs/schemas/${contract.type}.json`)).toBe(true);
      }
    });

    it('puts alert and risk case messages on the risk-alerts channel and every other message on the client-events channel', () => {
      const channels = document.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
      const namesOn = (topic: string): string[] =>
        Object.keys(Object.values(channels).find((channel) => channel.address === topic)?.messages ?? {});
      const onRiskTopic = (type: string): boolean =>
        type.startsWith('bank.crm.Alert') || type.startsWith('bank.crm.RiskCase');
      const alerts = INTEGRATION_MESSAGE_TYPES.filter(onRiskTopic).map((type) => type.split('.')[2]);
      const others = INTEGRATION_MESSAGE_TYPES.filter((type) => !onRiskTopic(type)).map((type) => type.split('.')[2]);
      expect(alerts).toEqual([
        'AlertRaised',
        'AlertAcknowledged',
        'AlertEscalated',
        'AlertResolved',
        'AlertReopened',
        'RiskCaseOpened',
        'RiskCaseAlertJoined',
        'RiskCaseAlertChanged',
        'RiskCaseAlertResolved',
        'RiskCaseClosed',
        'RiskCaseAssigned',
        'RiskCaseOverdue',
        'RiskCaseCommented',
      ]);
      expect(namesOn(RISK_ALERTS_TOPIC)).toEqual(alerts);
      expect(namesOn(CLIENT_EVENTS_TOPIC)).toEqual(others);
      expect(namesOn(DEAD_LETTER_TOPIC)).toEqual([]);
    });

    it('describes every message type, and every operation receives', () => {
      const messages = (document.components as { messages: Record<string, { name: string }> }).messages;
      expect(Object.values(messages).map((message) => message.name)).toEqual([
        ...INTEGRATION_MESSAGE_TYPES,
        'bank.crm.ClientState.v1',
        ...INBOUND_FACT_CONTRACTS.map((contract) => contract.type),
      ]);
      for (const operation of Object.values(document.operations as Record<string, { action: string }>)) {
        expect(operation.action).toBe('receive');
      }
    });

    it('has no dangling reference, inside the document or to the schema files', () => {
      for (const ref of new Set(refsIn(document))) {
        if (ref.startsWith('#/')) expect([ref, resolve(ref)]).not.toEqual([ref, undefined]);
        else expect([ref, documents.has(join('docs', ref))]).toEqual([ref, true]);
      }
    });
  });
});
