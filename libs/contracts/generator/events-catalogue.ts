import {
  ALERT_ID_PATTERN,
  CODE_PATTERN,
  CURRENCY_PATTERN,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  INSTANT_PATTERN,
  PERIOD_PATTERN,
  SIGNED_DECIMAL_PATTERN,
  TOKEN_PATTERN,
} from '../src/fields/patterns';
import type { IntegrationMessage } from '../src/integration-message';
import type { MessageContract } from '../src/messages/message-contract';
import type { JsonSchema } from './json-schema.types';

/**
 * The generated parts of docs/events.md: the catalogue of message types and the example message.
 * They are written from the same schemas consumers validate against, so the prose cannot drift.
 */
export type CatalogueEntry = Readonly<{ contract: MessageContract; schema: JsonSchema }>;

const PATTERN_NAMES = new Map<string, string>([
  [CODE_PATTERN.source, 'id or code (1-64 of `A-Z a-z 0-9 _ . -`)'],
  [ALERT_ID_PATTERN.source, 'alert id (1-128 of `A-Z a-z 0-9 _ . -`)'],
  [TOKEN_PATTERN.source, 'event id (1-128 of `A-Z a-z 0-9 _ . : -`)'],
  [DECIMAL_PATTERN.source, 'decimal string, >= 0, up to 4 decimals'],
  [SIGNED_DECIMAL_PATTERN.source, 'decimal string, may be negative, up to 4 decimals'],
  [INSTANT_PATTERN.source, 'ISO-8601 instant with offset'],
  [PERIOD_PATTERN.source, 'period: `YYYY`, `YYYY-Qn`, `YYYY-Hn` or `YYYY-MM`'],
  [CURRENCY_PATTERN.source, 'ISO 4217 currency code'],
  [DATE_PATTERN.source, 'date `YYYY-MM-DD` (bank calendar, no time or offset)'],
]);

const literal = (value: unknown): string => (value === null ? '`null`' : `\`${String(value)}\``);

const describeKind = (schema: JsonSchema): string => {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(literal).join(', ')}`;
  if (schema.type === 'array' && typeof schema.items === 'object' && schema.items !== null) {
    const items = describeKind(schema.items as JsonSchema);
    if (schema.uniqueItems === true) return `distinct values, ${items}`;
    return typeof schema.maxItems === 'number'
      ? `list of up to ${schema.maxItems}, each an ${items}`
      : `list, each an ${items}`;
  }
  if (typeof schema.pattern === 'string')
    return PATTERN_NAMES.get(schema.pattern) ?? `string matching \`${schema.pattern}\``;
  if (schema.type === 'integer') {
    return schema.maximum === Number.MAX_SAFE_INTEGER
      ? `integer >= ${String(schema.minimum)}`
      : `integer ${String(schema.minimum)} to ${String(schema.maximum)}`;
  }
  if (schema.type === 'string' && typeof schema.maxLength === 'number') return `text, 1-${schema.maxLength} characters`;
  return String(schema.type);
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

const propertiesOf = (schema: JsonSchema): [string, JsonSchema][] =>
  Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);

const requiredOf = (schema: JsonSchema): string[] => (schema.required as string[] | undefined) ?? [];

const subjectOf = (contract: MessageContract): string => (contract.stream === 'manager' ? 'managerId' : 'clientId');

/** The stream whose revisions `streamrevision` counts, in the form dedupeStreamOf returns. */
const dedupeStreamOf = (contract: MessageContract): string => {
  if (contract.stream === 'alert') return '`alert-<data.alertId>`';
  if (contract.stream === 'risk-case') return '`risk-case-<data.caseId>`';
  return `\`${contract.stream}-<subject>\``;
};

const overview = (entries: readonly CatalogueEntry[]): string[] => [
  '| Type | Topic | Subject (key) | Dedupe stream | Data fields (`?` = optional) |',
  '|---|---|---|---|---|',
  ...entries.map(({ contract, schema }) => {
    const required = requiredOf(schema);
    const fields = propertiesOf(schema).map(([name]) => `\`${name}${required.includes(name) ? '' : '?'}\``);
    return `| [\`${contract.integrationType}\`](#${anchorOf(contract)}) | \`${contract.topic}\` | ${subjectOf(contract)} | ${dedupeStreamOf(contract)} | ${fields.join(', ')} |`;
  }),
];

/** GitHub's heading anchor for `### bank.crm.X.v1`: lower case, dots dropped. */
const anchorOf = (contract: MessageContract): string => contract.integrationType.toLowerCase().replace(/\./g, '');

const details = ({ contract, schema }: CatalogueEntry): string[] => {
  const required = requiredOf(schema);
  return [
    `### ${contract.integrationType}`,
    '',
    [
      contract.description,
      `Topic: \`${contract.topic}\`. Subject: ${subjectOf(contract)}.`,
      ...(contract.stream === 'alert' ? ['Revisions count per alert: deduplicate by `data.alertId`.'] : []),
      ...(contract.stream === 'risk-case' ? ['Revisions count per case: deduplicate by `data.caseId`.'] : []),
      `Schema: [\`docs/schemas/${contract.integrationType}.json\`](schemas/${contract.integrationType}.json).`,
    ].join(' '),
    '',
    '| Field | Required | Type | Meaning |',
    '|---|---|---|---|',
    ...propertiesOf(schema).map(
      ([name, property]) =>
        `| \`${name}\` | ${required.includes(name) ? 'yes' : 'no'} | ${cell(describeKind(property))} | ${cell(String(property.description ?? ''))} |`,
    ),
    '',
  ];
};

export const messageTypesSection = (entries: readonly CatalogueEntry[]): string =>
  [...overview(entries), '', ...entries.flatMap(details)].join('\n').trimEnd();

export const exampleSection = (message: IntegrationMessage): string =>
  [`Kafka key: \`${message.subject}\`. Value:`, '', '```json', JSON.stringify(message, null, 2), '```'].join('\n');

const begin = (region: string): string =>
  `<!-- generated:${region} start (npm run contracts:generate; do not edit by hand) -->`;
const end = (region: string): string => `<!-- generated:${region} end -->`;

/** Replaces the body between a region's markers; everything outside them is left as written. */
export const replaceRegion = (markdown: string, region: string, body: string): string => {
  const start = markdown.indexOf(begin(region));
  const stop = markdown.indexOf(end(region));
  if (start === -1 || stop === -1 || stop < start) {
    throw new Error(
      `docs/events.md lacks the markers of the generated region "${region}":\n${begin(region)}\n${end(region)}`,
    );
  }
  return `${markdown.slice(0, start + begin(region).length)}\n${body}\n${markdown.slice(stop)}`;
};

export const GENERATED_REGIONS = {
  messageTypes: 'message-types',
  example: 'example-message',
  alertExample: 'example-alert-message',
} as const;
