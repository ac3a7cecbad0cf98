import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The API's OpenAPI document, as served at /docs and /docs-json and as the request collection is made from. */
export const openApiDocument = (app: INestApplication): OpenAPIObject =>
  SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Client-relationship event backbone')
      .setDescription('Commands append events; queries read projections. Amounts are decimal strings.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
