import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export type Schema = SchemaObject | ReferenceObject;

/** A reference to a schema this folder registers in the document's components. */
export const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

export const text = (description?: string, extra: SchemaObject = {}): SchemaObject => ({
  type: 'string',
  ...(description !== undefined ? { description } : {}),
  ...extra,
});

export const integer = (description?: string): SchemaObject => ({
  type: 'integer',
  ...(description !== undefined ? { description } : {}),
});

export const number = (description?: string): SchemaObject => ({
  type: 'number',
  ...(description !== undefined ? { description } : {}),
});

export const dateTime = (description?: string): SchemaObject => text(description, { format: 'date-time' });

export const decimal = (description = 'Decimal string'): SchemaObject =>
  text(description, { pattern: '^-?\\d+(\\.\\d+)?$' });

export const oneOf = (values: readonly string[], description?: string): SchemaObject =>
  text(description, { enum: [...values] });

export const arrayOf = (items: Schema, description?: string): SchemaObject => ({
  type: 'array',
  items,
  ...(description !== undefined ? { description } : {}),
});

/**
 * OpenAPI 3.0 spells "or null" as `nullable`, beside a `type` (so not on a `$ref`: a nullable
 * object is written inline); an enum must then list null as well.
 */
export const nullable = (schema: SchemaObject): SchemaObject => ({
  ...schema,
  nullable: true,
  ...(schema.enum !== undefined ? { enum: [...(schema.enum as unknown[]), null] } : {}),
});

/** An object whose properties are all required but those listed in `optional`. */
export const object = (
  properties: Record<string, Schema>,
  description?: string,
  optional: readonly string[] = [],
): SchemaObject => {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  // OpenAPI 3.0 wants `required` absent rather than empty.
  return {
    type: 'object',
    ...(description !== undefined ? { description } : {}),
    ...(required.length > 0 ? { required } : {}),
    properties,
  };
};

/** An object with one count per key, e.g. alerts by severity. */
export const countsBy = (keys: readonly string[], description?: string): SchemaObject =>
  object(Object.fromEntries(keys.map((key) => [key, integer()])), description);
