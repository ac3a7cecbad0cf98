import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '@crm/domain';
import { ConcurrencyError, WrongExpectedRevisionError } from '@crm/event-store';
import { InvalidQueryError } from '@crm/read-models';
import { ApiError, type ApiErrorBody } from './api-error';

const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  invalid: 400,
};

/**
 * Nest turns Fastify's own request errors (body parser, size limit, media type) into plain
 * HttpExceptions carrying only a status, so these are recognised by status alone.
 */
const REQUEST_ERRORS: Readonly<Record<number, [string, string]>> = {
  400: ['REQUEST.MALFORMED', 'The body could not be read as JSON.'],
  413: ['REQUEST.TOO_LARGE', 'The body is larger than 1 MiB.'],
  415: ['REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.'],
  401: ['AUTH.UNAUTHENTICATED', 'A valid bearer token is required.'],
  403: ['AUTH.FORBIDDEN', 'Your role may not do this.'],
  404: ['ROUTE.NOT_FOUND', 'No such route.'],
  405: ['ROUTE.METHOD_NOT_ALLOWED', 'This route does not accept that method.'],
};

/**
 * Maps every error to `{ code, message, errors }` with one status per kind. Unknown errors are a
 * 500 whose body says nothing about the cause; the cause goes to the log only.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body, headers] = this.map(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    void reply.status(status).send(body);
  }

  private map(error: unknown): [number, ApiErrorBody, Readonly<Record<string, string>>] {
    if (error instanceof ApiError) {
      return [error.status, { code: error.code, message: error.message, errors: error.errors }, error.headers];
    }
    if (error instanceof DomainError) {
      const errors = error.field ? [{ field: error.field, message: error.message }] : [];
      return [STATUS_BY_KIND[error.kind], { code: error.code, message: error.message, errors }, {}];
    }
    if (error instanceof InvalidQueryError) {
      return [400, { code: 'REQUEST.INVALID', message: 'The request is invalid.', errors: [{ field: error.field, message: error.message }] }, {}];
    }
    if (error instanceof WrongExpectedRevisionError) {
      return [412, { code: 'REQUEST.PRECONDITION_FAILED', message: 'The resource has changed since the revision in If-Match.', errors: [] }, {}];
    }
    if (error instanceof ConcurrencyError) {
      return [409, { code: 'REQUEST.CONCURRENT_UPDATE', message: 'The resource is being changed by another request; retry.', errors: [] }, {}];
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const [code, message] = REQUEST_ERRORS[status] ?? [`HTTP.${status}`, 'The request could not be served.'];
      return [status, { code, message, errors: [] }, {}];
    }
    return [500, { code: 'INTERNAL', message: 'Something went wrong on our side.', errors: [] }, {}];
  }
}
