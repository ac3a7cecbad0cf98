import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { CLIENT_EVENTS_TOPIC, DEAD_LETTER_TOPIC, INTEGRATION_MESSAGE_TYPES, RISK_ALERTS_TOPIC } from '../src';
import { ASYNCAPI_FILE, EVENTS_FILE, generateContractDocuments, SCHEMAS_DIR } from './contract-documents';

const ROOT = join(__dirname, '../../..');
const read = (path: string): string | null =>
  existsSync(join(ROOT, path)) ? readFileSync(join(ROOT, path), 'utf8') : null;
const STALE = 'is out of date: run `npm run contracts:generate` and commit the result';

const documents = generateContractDocuments(read(EVENTS_FILE) ?? '');

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

  it('writes one draft 2020-12 schema per message type, closed, with $id = dataschema', () => {
    const ajv = new Ajv2020({ strict: true });
    for (const type of INTEGRATION_MESSAGE_TYPES) {
      const schema = JSON.parse(documents.get(`${SCHEMAS_DIR}/${type}.json`) ?? 'null') as Record<string, unknown>;
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

    it('is AsyncAPI 3.0.0 with the three topics as channels', () => {
      expect(document.asyncapi).toBe('3.0.0');
      const channels = document.channels as Record<string, { address: string }>;
      expect(Object.values(channels).map((channel) => channel.address)).toEqual([
        CLIENT_EVENTS_TOPIC,
        RISK_ALERTS_TOPIC,
        DEAD_LETTER_TOPIC,
      ]);
    });

    it('puts alert messages on the risk-alerts channel and every other message on the client-events channel', () => {
      const channels = document.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
      const namesOn = (topic: string): string[] =>
        Object.keys(Object.values(channels).find((channel) => channel.address === topic)?.messages ?? {});
      const alerts = INTEGRATION_MESSAGE_TYPES.filter((type) => type.startsWith('bank.crm.Alert')).map(
        (type) => type.split('.')[2],
      );
      const others = INTEGRATION_MESSAGE_TYPES.filter((type) => !type.startsWith('bank.crm.Alert')).map(
        (type) => type.split('.')[2],
      );
      expect(alerts).toEqual(['AlertRaised', 'AlertAcknowledged', 'AlertEscalated', 'AlertResolved', 'AlertReopened']);
      expect(namesOn(RISK_ALERTS_TOPIC)).toEqual(alerts);
      expect(namesOn(CLIENT_EVENTS_TOPIC)).toEqual(others);
      expect(namesOn(DEAD_LETTER_TOPIC)).toEqual([]);
    });

    it('describes every message type, and every operation receives', () => {
      const messages = (document.components as { messages: Record<string, { name: string }> }).messages;
      expect(Object.values(messages).map((message) => message.name)).toEqual(INTEGRATION_MESSAGE_TYPES);
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
