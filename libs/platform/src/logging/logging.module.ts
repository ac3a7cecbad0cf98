import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { LOG_REDACTION } from './log-redaction';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';

// Public with the module: the HTTP server names requests with the same function (Fastify's
// genReqId), and the apps' own pino loggers (projector, relay, risk monitor) can redact alike.
export { REQUEST_ID_HEADER, requestIdOf } from './request-id';
export { LOG_REDACTION, REDACTED_FIELDS } from './log-redaction';

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

/**
 * The path without the query string (`q` is a name search). Read from `originalUrl` when there
 * is one: middie hands middleware a `url` relative to where it is mounted, i.e. `/`.
 */
const pathOf = (request: { url?: unknown; originalUrl?: unknown }): string => {
  const url =
    typeof request.originalUrl === 'string' ? request.originalUrl : typeof request.url === 'string' ? request.url : '';
  return url.split('?')[0];
};

/** Probes and scrapes every few seconds would drown the log. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Structured JSON logs, one `requestId` on every line of a request (and in the `x-request-id`
 * response header, so a caller can quote it). Only method, path (no query string: `q` is a
 * name search) and status are logged about a request; never its headers or body.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          redact: LOG_REDACTION,
          // Under Fastify the request arrives already named (its genReqId, copied over by
          // middie); this is for servers that do not name requests themselves.
          genReqId: (request: IncomingMessage, response: ServerResponse) => {
            const id = requestIdOf(request);
            response.setHeader(REQUEST_ID_HEADER, id);
            return id;
          },
          customProps: (request: IncomingMessage) => ({ requestId: (request as LoggedRequest).id }),
          serializers: {
            req: (request: { id: unknown; method: unknown; url?: unknown; originalUrl?: unknown }) => ({
              id: request.id,
              method: request.method,
              path: pathOf(request),
            }),
            res: (response: { statusCode: unknown }) => ({ statusCode: response.statusCode }),
          },
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || response.statusCode >= 500 ? 'error' : 'info',
          autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.test(pathOf(request)) },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
