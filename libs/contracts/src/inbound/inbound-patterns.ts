import { SCHEMA_BASE_URI } from '../integration-type';

/**
 * Shapes of what other systems send the CRM. Kept apart from the published patterns: a fact's
 * type names its producer (`bank.core.…`, `bank.survey.…`), not the CRM.
 */

/** The systems allowed to send facts, as the second part of a fact type and of its source. */
export const INBOUND_PRODUCERS = ['core', 'survey'] as const;
export type InboundProducer = (typeof INBOUND_PRODUCERS)[number];

export const INBOUND_TYPE_PATTERN = /^bank\.(core|survey)\.[A-Z][A-Za-z0-9]*\.v[1-9]\d*$/;

/** `urn:bank:core` or `urn:bank:survey`, optionally with an instance (`urn:bank:core:ledger-eu`). */
export const INBOUND_SOURCE_PATTERN = /^urn:bank:(core|survey)(:[a-z0-9-]{1,64})?$/;

/** Client ids are uuids (the API issues them); the CRM refuses anything else in its path ids too. */
export const CLIENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Built from the base URI so the two cannot disagree. */
export const INBOUND_DATASCHEMA_PATTERN = new RegExp(
  `^${SCHEMA_BASE_URI.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}bank\\.(core|survey)\\.[A-Z][A-Za-z0-9]*\\.v[1-9]\\d*\\.json$`,
);

export const INBOUND_ENVELOPE_SCHEMA_ID = `${SCHEMA_BASE_URI}inbound-cloudevent-envelope.json`;

/** The producer a fact type or source names. */
export const producerOf = (typeOrSource: string): string | undefined =>
  /^(?:bank\.|urn:bank:)(core|survey)[.:]/.exec(`${typeOrSource}:`)?.[1];
