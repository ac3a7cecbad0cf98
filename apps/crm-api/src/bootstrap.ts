import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import {
  createValidationPipe,
  ErrorFilter,
  ETagInterceptor,
  IdempotencyInterceptor,
  Metrics,
  registerHttpMetrics,
  type AppConfig,
} from '@crm/platform';
import { AppModule } from './app.module';

/** The DESIGN's limit: anything larger is refused with 413 before it is parsed. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the API with everything main.ts serves, so end-to-end tests run the very same app. */
export const createCrmApi = async (config: AppConfig): Promise<NestFastifyApplication> => {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustProxy: false,
      // Alert ids (`<ruleId>.<clientId>.<episode>`) may run to 128 characters; Fastify's default is 100.
      routerOptions: { maxParamLength: 200 },
      // Idle keep-alive sockets (and ones a client opened but never used) must not hold up a
      // shutdown until they time out; open streams are ended by their module first.
      forceCloseConnections: true,
    }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new ETagInterceptor(), app.get(IdempotencyInterceptor));
  registerHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Metrics));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Client-relationship event backbone')
      .setDescription('Commands append events; queries read projections. Amounts are decimal strings.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
};
