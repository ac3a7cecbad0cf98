/**
 * How integration type names and schema URIs are formed. The host is a stable identifier, not a
 * server anyone must reach: the schemas themselves ship in docs/schemas.
 */

export const SCHEMA_BASE_URI = 'https://schemas.crm.bank.example/';

export const integrationTypeName = (eventType: string, version: number): string => `bank.crm.${eventType}.v${version}`;

export const dataschemaOf = (integrationType: string): string => `${SCHEMA_BASE_URI}${integrationType}.json`;

export const ENVELOPE_SCHEMA_ID = `${SCHEMA_BASE_URI}cloudevent-envelope.json`;
