import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { BATCH_LINE_TYPES, type BatchLineType } from './batch-line-types';
import { BatchLineResultDto } from './batch-line-result.dto';
import { NDJSON } from './ndjson-body';

const text = (description: string): SchemaObject => ({ type: 'string', description });

/** The schema of one line of type `name`: its envelope, and the body of its route. */
const lineSchema = (name: string, spec: BatchLineType): SchemaObject => {
  const properties: Record<string, SchemaObject | ReferenceObject> = {
    type: { type: 'string', enum: [name] },
    clientId: { type: 'string', format: 'uuid', description: 'The client (the route’s :id)' },
    ...Object.fromEntries(spec.params.map((param) => [param, text(`The route’s :${param}`)])),
    ...(spec.body !== null ? { body: { $ref: getSchemaPath(spec.body) } } : {}),
    idempotencyKey: text(
      'As the route’s Idempotency-Key header: a repeat appends nothing and answers the first result',
    ),
    ifMatch: text('As the route’s If-Match header: the expected revision, quoted'),
  };
  return {
    title: `${name} line`,
    description: `${spec.method} ${spec.path}`,
    type: 'object',
    required: ['type', 'clientId', ...spec.params, ...(spec.body !== null ? ['body'] : [])],
    properties,
  };
};

/**
 * The batch route's body and answer in the API document: one line schema per accepted type, each
 * naming the route it runs through and that route's body schema, and the NDJSON answer's line.
 */
export const ApiBatchDocumentation = () => {
  const entries = Object.entries(BATCH_LINE_TYPES) as [string, BatchLineType][];
  const bodies = [...new Set(entries.flatMap(([, spec]) => (spec.body !== null ? [spec.body] : [])))];
  return applyDecorators(
    ApiExtraModels(BatchLineResultDto, ...bodies),
    ApiBody({
      description: 'NDJSON: one JSON object a line, each one of these',
      required: true,
      schema: { oneOf: entries.map(([name, spec]) => lineSchema(name, spec)) },
    }),
    ApiResponse({
      status: 200,
      description: 'One NDJSON line per command, in line order, streamed as the commands run',
      content: { [NDJSON]: { schema: { $ref: getSchemaPath(BatchLineResultDto) } } },
    }),
  );
};
