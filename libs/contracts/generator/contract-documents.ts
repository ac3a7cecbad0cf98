import { MESSAGE_CONTRACTS, SUPERSEDED_CONTRACTS } from '../src/messages/contract-registry';
import { toIntegrationMessage } from '../src/to-integration-message';
import type { IntegrationMessage } from '../src/integration-message';
import type { MessageContract } from '../src/messages/message-contract';
import {
  asyncApiDocument,
  ENVELOPE_SCHEMA_FILE,
  INBOUND_ENVELOPE_SCHEMA_FILE,
  schemaFileOf,
} from './asyncapi-document';
import { toJsonFile } from './canonical-json';
import { exampleSection, GENERATED_REGIONS, messageTypesSection, replaceRegion } from './events-catalogue';
import {
  clientStateSchema,
  dataSchemaOf,
  envelopeSchema,
  inboundDataSchemaOf,
  inboundEnvelopeSchema,
} from './json-schemas';
import { INBOUND_FACT_CONTRACTS } from '../src/inbound/inbound-fact-registry';
import { CLIENT_STATE_TYPE } from '../src/state/client-state.v1';
import { sampleEventOf } from './sample-events';

/** Paths relative to the repository root. */
export const SCHEMAS_DIR = 'docs/schemas';
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
export const EVENTS_FILE = 'docs/events.md';

/** The examples of a whole message in docs/events.md: one per topic that carries messages. */
const ENVELOPE_EXAMPLE_TYPE = 'ContactLogged';
const ALERT_EXAMPLE_TYPE = 'AlertRaised';

const exampleOf = (contract: MessageContract): IntegrationMessage => {
  const message = toIntegrationMessage(sampleEventOf(contract.eventType));
  if (message === null) throw new Error(`${contract.eventType} has a contract but produced no message`);
  return message;
};

/**
 * Every generated document, by path, from the contracts alone (plus the hand-written parts of
 * docs/events.md, passed in). Pure, so a spec can compare it with the committed files.
 */
export const generateContractDocuments = (currentEventsMarkdown: string): Map<string, string> => {
  const documents = new Map<string, string>();
  const entries = MESSAGE_CONTRACTS.map((contract) => ({
    contract,
    schema: dataSchemaOf(contract),
    example: exampleOf(contract),
  }));

  documents.set(`${SCHEMAS_DIR}/${ENVELOPE_SCHEMA_FILE}`, toJsonFile(envelopeSchema()));
  for (const { contract, schema } of entries) {
    documents.set(`${SCHEMAS_DIR}/${schemaFileOf(contract.integrationType)}`, toJsonFile(schema));
  }
  // Superseded versions keep their schema so what is already on a topic can still be checked.
  for (const contract of SUPERSEDED_CONTRACTS) {
    documents.set(`${SCHEMAS_DIR}/${schemaFileOf(contract.integrationType)}`, toJsonFile(dataSchemaOf(contract)));
  }
  documents.set(`${SCHEMAS_DIR}/${schemaFileOf(CLIENT_STATE_TYPE)}`, toJsonFile(clientStateSchema()));
  // What the CRM receives: the facts other systems send, each with its schema.
  documents.set(`${SCHEMAS_DIR}/${INBOUND_ENVELOPE_SCHEMA_FILE}`, toJsonFile(inboundEnvelopeSchema()));
  for (const contract of INBOUND_FACT_CONTRACTS) {
    documents.set(`${SCHEMAS_DIR}/${schemaFileOf(contract.type)}`, toJsonFile(inboundDataSchemaOf(contract)));
  }
  documents.set(ASYNCAPI_FILE, asyncApiDocument(entries, INBOUND_FACT_CONTRACTS));

  const exampleOfType = (eventType: string): IntegrationMessage => {
    const found = entries.find(({ contract }) => contract.eventType === eventType)?.example;
    if (found === undefined) throw new Error(`no example of ${eventType}`);
    return found;
  };
  const regions: readonly (readonly [string, string])[] = [
    [GENERATED_REGIONS.messageTypes, messageTypesSection(entries)],
    [GENERATED_REGIONS.example, exampleSection(exampleOfType(ENVELOPE_EXAMPLE_TYPE))],
    [GENERATED_REGIONS.alertExample, exampleSection(exampleOfType(ALERT_EXAMPLE_TYPE))],
  ];
  documents.set(
    EVENTS_FILE,
    regions.reduce((markdown, [region, body]) => replaceRegion(markdown, region, body), currentEventsMarkdown),
  );
  return documents;
};
