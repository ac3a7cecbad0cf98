import { MESSAGE_CONTRACTS } from '../src/messages/contract-registry';
import { toIntegrationMessage } from '../src/to-integration-message';
import type { IntegrationMessage } from '../src/integration-message';
import type { MessageContract } from '../src/messages/message-contract';
import { asyncApiDocument, ENVELOPE_SCHEMA_FILE, schemaFileOf } from './asyncapi-document';
import { toJsonFile } from './canonical-json';
import { exampleSection, GENERATED_REGIONS, messageTypesSection, replaceRegion } from './events-catalogue';
import { dataSchemaOf, envelopeSchema } from './json-schemas';
import { sampleEventOf } from './sample-events';

/** Paths relative to the repository root. */
export const SCHEMAS_DIR = 'docs/schemas';
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';
export const EVENTS_FILE = 'docs/events.md';

/** The example of the envelope in docs/events.md. */
const ENVELOPE_EXAMPLE_TYPE = 'ContactLogged';

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
  const entries = MESSAGE_CONTRACTS.map((contract) => ({ contract, schema: dataSchemaOf(contract), example: exampleOf(contract) }));

  documents.set(`${SCHEMAS_DIR}/${ENVELOPE_SCHEMA_FILE}`, toJsonFile(envelopeSchema()));
  for (const { contract, schema } of entries) {
    documents.set(`${SCHEMAS_DIR}/${schemaFileOf(contract.integrationType)}`, toJsonFile(schema));
  }
  documents.set(ASYNCAPI_FILE, asyncApiDocument(entries));

  const envelopeExample = entries.find(({ contract }) => contract.eventType === ENVELOPE_EXAMPLE_TYPE)?.example;
  if (envelopeExample === undefined) throw new Error(`no example of ${ENVELOPE_EXAMPLE_TYPE}`);
  const withTypes = replaceRegion(currentEventsMarkdown, GENERATED_REGIONS.messageTypes, messageTypesSection(entries));
  documents.set(EVENTS_FILE, replaceRegion(withTypes, GENERATED_REGIONS.example, exampleSection(envelopeExample)));
  return documents;
};
