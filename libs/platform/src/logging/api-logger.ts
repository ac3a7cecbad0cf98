import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_REDACTION } from './log-redaction';
import { REQUEST_SERIALIZERS } from './request-log';

/**
 * The API's one pino logger: Fastify logs requests with it (each request on a child carrying its
 * `requestId`), and Nest's own logs go through it too (PinoNestLogger).
 */
export const createApiLogger = (level: string, destination?: DestinationStream): Logger =>
  pino({ level, redact: LOG_REDACTION, serializers: REQUEST_SERIALIZERS }, destination);
