import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  minimum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
};

type Operation = {
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: Schema; examples?: Record<string, { value?: unknown }> }> };
};

/** Path parameters as variables of the collection, named for what they hold. */
const VARIABLE_OF: Readonly<Record<string, string>> = {
  '/v1/clients/{id}': 'clientId',
  '/v1/alerts/{id}': 'alertId',
  '/v1/managers/{id}': 'managerId',
  '/v1/branches/{id}': 'branchId',
};

const DEFAULTS: Readonly<Record<string, string>> = {
  base: 'http://localhost:3000',
  token: '<a token from POST /v1/dev/tokens>',
  clientId: '<a client id>',
  alertId: '<an alert id>',
  managerId: 'M-1001',
  branchId: 'BR-SH-001',
  facilityId: 'F-1',
  contactId: '<a contact id>',
  complaintId: '<a complaint id>',
  holdingId: '<a holding id>',
  flagId: '<a flag id>',
};

const variablePath = (path: string): string =>
  path.replace(/\{(\w+)\}/g, (_match, name: string, offset: number) => {
    const prefix = path.slice(0, offset + name.length + 2);
    const named = Object.entries(VARIABLE_OF).find(([route]) => prefix.endsWith(route))?.[1];
    return `{{${named ?? name}}}`;
  });

/** A value of `schema` for an example request: its own example, else a plain one of its type. */
const exampleOf = (schema: Schema, document: OpenAPIObject, depth = 0): unknown => {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.split('/').at(-1) ?? '';
    return exampleOf((document.components?.schemas?.[name] ?? {}) as Schema, document, depth + 1);
  }
  if (schema.allOf?.[0] !== undefined) return exampleOf(schema.allOf[0], document, depth);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  if (schema.type === 'object' || schema.properties !== undefined) {
    if (depth > 4) return {};
    const required = new Set(schema.required ?? []);
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([name, property]) => required.has(name) || property.example !== undefined)
        .map(([name, property]) => [name, exampleOf(property, document, depth + 1)]),
    );
  }
  if (schema.type === 'array') return schema.items === undefined ? [] : [exampleOf(schema.items, document, depth + 1)];
  if (schema.type === 'integer' || schema.type === 'number') return schema.minimum ?? 1;
  if (schema.type === 'boolean') return true;
  if (schema.format === 'date-time') return '2026-12-01T09:00:00Z';
  if (schema.pattern?.includes('\\d') === true) return '1000.00';
  return 'text';
};

/**
 * The OpenAPI document as an HTTP request collection (the `.http` format of VS Code's REST Client
 * and JetBrains' HTTP client): one request per operation, under its summary, with the example body
 * the document gives (the operation's first example, else one made from its schema) and the
 * collection's variables for ids and the token.
 */
export const httpCollection = (document: OpenAPIObject): string => {
  const requests = Object.entries(document.paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, byMethod]) =>
      Object.entries(byMethod as Record<string, Operation>).map(([method, operation]) => {
        const lines = [`### ${operation.summary ?? `${method.toUpperCase()} ${path}`}`];
        lines.push(`${method.toUpperCase()} {{base}}${variablePath(path)}`);
        const isPublic = path.startsWith('/health') || path === '/metrics' || path === '/v1/dev/tokens';
        if (!isPublic) lines.push('Authorization: Bearer {{token}}');
        const body = operation.requestBody?.content?.['application/json'];
        if (body?.schema !== undefined) {
          // The operation's own example (the README tour's) when it has one, else one made from the schema.
          const example = Object.values(body.examples ?? {})[0]?.value ?? exampleOf(body.schema, document);
          lines.push('Content-Type: application/json', '', JSON.stringify(example, null, 2));
        }
        return lines.join('\n');
      }),
    );
  const header = [
    '# Generated from the OpenAPI document by `npm run docs:http`; do not edit (a test compares).',
    ...Object.entries(DEFAULTS).map(([name, value]) => `@${name} = ${value}`),
  ].join('\n');
  return `${[header, ...requests].join('\n\n')}\n`;
};
