import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { RESPONSE_SCHEMAS } from './schemas/response-schemas';

const DESCRIPTION = [
  'Commands append events; queries read projections. Amounts are decimal strings, times ISO-8601 UTC.',
  '',
  'Every command answers `{ id, revision, position }`: `revision` (also the ETag) is what If-Match takes,',
  '`position` is what `?minPosition=` takes on any read to wait until the read models include the write.',
  'Every error has the same body, `{ code, message, errors }` (ApiErrorBodyDto).',
].join('\n');

/** The API's OpenAPI document, as served at /docs and /docs-json and as the request collection is made from. */
export const openApiDocument = (app: INestApplication): OpenAPIObject => {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Client-relationship event backbone')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // The read answers are referenced by name from the controllers' decorators (ApiReadResponse).
  return {
    ...document,
    components: { ...document.components, schemas: { ...document.components?.schemas, ...RESPONSE_SCHEMAS } },
  };
};
