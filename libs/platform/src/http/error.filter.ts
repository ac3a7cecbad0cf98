import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '@crm/domain';
import { ConcurrencyError, WrongExpectedRevisionError } from '@crm/event-store';
import { ApiError, type ApiErrorBody } from './api-error';

const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  invalid: 400,
};

/** Fastify's own request errors (parser, limits) carry a code and a 4xx statusCode. */
type FastifyRequestError = Error & { code: string; statusCode: number };

const isFastifyRequestError = (error: unknown): error is FastifyRequestError =>
  error instanceof Error &&
  typeof (error as Partial<FastifyRequestError>).code === 'string' &&
  (error as FastifyRequestError).code.startsWith('FST_') &&
  typeof (error as Partial<FastifyRequestError>).statusCode === 'number';

const FASTIFY_CODES: Readonly<Record<string, [string, string]>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['REQUEST.MALFORMED_JSON', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['REQUEST.MALFORMED_JSON', 'The body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['REQUEST.TOO_LARGE', 'The body is larger than 1 MiB.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['REQUEST.MALFORMED', 'The Content-Length does not match the body.'],
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
    if (error instanceof WrongExpectedRevisionError) {
      return [412, { code: 'REQUEST.PRECONDITION_FAILED', message: 'The resource has changed since the revision in If-Match.', errors: [] }, {}];
    }
    if (error instanceof ConcurrencyError) {
      return [409, { code: 'REQUEST.CONCURRENT_UPDATE', message: 'The resource is being changed by another request; retry.', errors: [] }, {}];
    }
    if (isFastifyRequestError(error) && error.statusCode < 500) {
      const [code, message] = FASTIFY_CODES[error.code] ?? ['REQUEST.MALFORMED', 'The request is malformed.'];
      return [error.statusCode, { code, message, errors: [] }, {}];
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return [status, { code: codeForStatus(status), message: messageOf(error), errors: [] }, {}];
    }
    return [500, { code: 'INTERNAL', message: 'Something went wrong on our side.', errors: [] }, {}];
  }
}

const codeForStatus = (status: number): string =>
  ({ 401: 'AUTH.UNAUTHENTICATED', 403: 'AUTH.FORBIDDEN', 404: 'ROUTE.NOT_FOUND', 405: 'ROUTE.METHOD_NOT_ALLOWED' })[
    status
  ] ?? `HTTP.${status}`;

const messageOf = (error: HttpException): string => {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : error.message;
};
