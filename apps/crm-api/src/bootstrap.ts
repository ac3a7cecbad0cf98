import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import {
  AuditWriter,
  createValidationPipe,
  ErrorFilter,
  registerETagHeader,
  registerPersonalDataMasking,
} from '@crm/api-kit';
import {
  createApiLogger,
  Metrics,
  PinoNestLogger,
  registerHttpMetrics,
  registerRequestLogContext,
  requestIdOf,
  requestTraceOf,
  RequestLogController,
  type AppConfig,
} from '@crm/platform';
import { AppModule } from './app.module';
import { openApiDocument } from './openapi/openapi-document';
import { registerReadAuditRecording } from './audit/read-audit.recording';
import { registerNdjsonBody } from './batches/ndjson-body';
import { StorageFaults } from './health/storage-faults';
import { answerClientError, answerFrameworkError } from './security/framework-errors';
import { registerHostileInputCheck } from './security/hostile-input.hook';
import { registerRequestIdHeader } from './security/request-id.hook';
import { registerSecurityHeaders } from './security/security-headers';
import { registerConsole } from './console/console-assets';

/** Anything larger is refused with 413 before it is parsed (docs/security.md, threat model). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the API with everything main.ts serves, so end-to-end tests run the very same app. */
export const createCrmApi = async (config: AppConfig): Promise<NestFastifyApplication> => {
  const logger = createApiLogger(config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new FastifyAdapter({
      // Requests are logged by Fastify itself, one line each when answered (RequestLogController).
      loggerInstance: logger,
      logController: new RequestLogController(),
      // Nothing is Express-style middleware, so middie (a second router run on every request) is left out.
      skipMiddie: true,
      bodyLimit: BODY_LIMIT_BYTES,
      // The rate limiter counts anonymous callers by the socket's address; X-Forwarded-For is
      // the caller's to forge unless a known proxy sets it.
      trustProxy: false,
      frameworkErrors: answerFrameworkError,
      clientErrorHandler: answerClientError,
      // A caller's x-request-id when it is safe to log, else a uuid; the request's log lines carry it.
      genReqId: requestIdOf,
      // Each request's logger is made once anyway (with its requestId); the trace id rides along.
      childLoggerFactory: (parent, bindings, options, raw) =>
        parent.child({ ...bindings, traceId: requestTraceOf(raw).traceId }, options),
      // No automatic HEAD twin for every GET: it ran the full handler (a client read the read
      // audit, which records GETs, did not see) and hung on the alert feed, whose head is only
      // flushed with the first body write Node drops for HEAD. A JSON API gains nothing from it.
      exposeHeadRoutes: false,
      // Alert ids (`<ruleId>.<clientId>.<episode>`) may run to 128 characters; Fastify's default is 100.
      routerOptions: { maxParamLength: 200 },
      // Idle keep-alive sockets (and ones a client opened but never used) must not hold up a
      // shutdown until they time out; open alert-feed connections are ended by their module first.
      forceCloseConnections: true,
    }),
    // A failure at start reaches main, which names it in one line (rather than Nest aborting the process).
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogContext(fastify);
  await registerSecurityHeaders(fastify);
  registerRequestIdHeader(fastify);
  registerHostileInputCheck(fastify);
  registerNdjsonBody(fastify);
  await registerConsole(fastify, config);
  app.setGlobalPrefix('v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  const storageFaults = app.get(StorageFaults);
  app.useGlobalFilters(new ErrorFilter((code) => storageFaults.refused(code)));
  // What every answer gets on its way out, as Fastify hooks rather than global Nest interceptors
  // (each of those cost a read more than the read itself): masking first, so the audit and the
  // ETag see the answer as sent. Idempotency-Key is an interceptor on the write routes only.
  registerPersonalDataMasking(fastify);
  registerReadAuditRecording(fastify, app.get(AuditWriter), config);
  registerETagHeader(fastify);
  registerHttpMetrics(fastify, app.get(Metrics));
  app.enableShutdownHooks();

  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document);
  return app;
};
