import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '@crm/domain';
import { ConcurrencyError, WrongExpectedRevisionError } from '@crm/event-store';
import { InvalidQueryError } from '@crm/read-models';
import { REQUEST_ID_HEADER, ApiError, type ApiErrorBody } from '@crm/platform';
import { resourceFaultOf, type ResourceFaultCode } from './resource-fault';

const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  invalid: 400,
  forbidden: 403,
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
  429: ['REQUEST.RATE_LIMITED', 'Too many requests; retry after the time in Retry-After.'],
};

/**
 * Fastify's own request errors (`FST_ERR_CTP_…`) carry a 4xx `statusCode`; should one reach this
 * filter unwrapped, it is still the caller's fault, not a 500. Only the status is used: their
 * messages may quote the request.
 */
const fastifyClientErrorStatus = (error: unknown): number | null => {
  if (!(error instanceof Error)) return null;
  const { statusCode, code } = error as Error & { statusCode?: unknown; code?: unknown };
  const fromFastify = typeof code === 'string' && code.startsWith('FST_');
  return fromFastify && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : null;
};

/**
 * Maps every error to `{ code, message, errors }` with one status per kind. A full disk (507) or a
 * database out of reach (503) says so, with Retry-After. Unknown errors are a 500 whose body says
 * nothing about the cause (no message, no stack); the cause goes to the log only, with the request
 * id the logger adds, and never the request's body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  /** `onResourceFault` hears each answer given for a resource fault (readiness reports them). */
  constructor(private readonly onResourceFault: (code: ResourceFaultCode) => void = () => undefined) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest | undefined>();
    const [status, body, headers] = this.map(error);
    if (status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    // A hijacked reply (the alert feed) has written its own head; a second answer would throw.
    if (reply.sent) return;
    for (const [name, value] of Object.entries(headers)) void reply.header(name, value);
    // The route may have declared another type (`@Header('Content-Type', 'text/plain')` on
    // /metrics) before failing; an error body is always JSON.
    void reply.header('content-type', 'application/json; charset=utf-8');
    // Fastify's 404 fallback (a URL its 404 router cannot decode) skips the hooks that set this.
    if (!reply.raw.hasHeader(REQUEST_ID_HEADER) && typeof request?.id === 'string')
      void reply.header(REQUEST_ID_HEADER, request.id);
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
      return [
        400,
        {
          code: 'REQUEST.INVALID',
          message: 'The request is invalid.',
          errors: [{ field: error.field, message: error.message }],
        },
        {},
      ];
    }
    if (error instanceof WrongExpectedRevisionError) {
      // The caller may write this resource (the guards ran first), so its current revision is
      // theirs to know: it saves a read before deciding again.
      return [
        412,
        {
          code: 'REQUEST.PRECONDITION_FAILED',
          message: 'The resource has changed since the revision in If-Match.',
          errors: [],
          currentRevision: error.actual,
        },
        error.actual === null ? {} : { ETag: `"${error.actual}"` },
      ];
    }
    if (error instanceof ConcurrencyError) {
      return [
        409,
        {
          code: 'REQUEST.CONCURRENT_UPDATE',
          message: 'The resource is being changed by another request; retry.',
          errors: [],
        },
        {},
      ];
    }
    const fault = resourceFaultOf(error);
    if (fault !== null) {
      this.onResourceFault(fault.body.code);
      return [fault.status, fault.body, { 'retry-after': String(fault.retryAfterSeconds) }];
    }
    const status = error instanceof HttpException ? error.getStatus() : fastifyClientErrorStatus(error);
    if (status !== null) {
      // The exception's own message and response are not used: they may quote the request.
      const [code, message] = REQUEST_ERRORS[status] ?? [`HTTP.${status}`, 'The request could not be served.'];
      return [status, { code, message, errors: [] }, {}];
    }
    return [500, { code: 'INTERNAL', message: 'Something went wrong on our side.', errors: [] }, {}];
  }
}
