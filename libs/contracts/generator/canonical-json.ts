import type { JsonSchema } from './json-schema.types';

/**
 * Schema keywords in a fixed, readable order. Generated files must not change when nothing in the
 * contract changed, whatever order the schema library happens to merge keywords in.
 */
const KEYWORD_ORDER = [
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  'type',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'allOf',
];

const rank = (key: string): number => {
  const index = KEYWORD_ORDER.indexOf(key);
  return index === -1 ? KEYWORD_ORDER.length : index;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Orders keywords of every schema node; the keys of `properties` keep their declaration order. */
export const orderSchemaKeys = (schema: JsonSchema): JsonSchema => {
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const ordered: JsonSchema = {};
  for (const key of keys) {
    const value = schema[key];
    if (key === 'properties' && isPlainObject(value)) {
      ordered[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, isPlainObject(child) ? orderSchemaKeys(child) : child]),
      );
    } else if (isPlainObject(value)) {
      ordered[key] = orderSchemaKeys(value);
    } else if (Array.isArray(value)) {
      ordered[key] = value.map((item: unknown) => (isPlainObject(item) ? orderSchemaKeys(item) : item));
    } else {
      ordered[key] = value;
    }
  }
  return ordered;
};

/** Two-space JSON with a final newline, the way the files are committed. */
export const toJsonFile = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
