import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { SerializerFn } from 'pino';

/** Probes and scrapes every few seconds would drown the log. */
const QUIET_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/** The path without the query string (`q` is a name search). */
const pathOf = (url: unknown): string => (typeof url === 'string' ? url.split('?')[0] : '');

/**
 * What a log line may say about a request and its answer: id, method, path and status, never
 * headers, query or body. Also applied to what Fastify itself logs about a request.
 */
export const REQUEST_SERIALIZERS: Readonly<Record<'req' | 'res', SerializerFn>> = {
  req: (request: Partial<Pick<FastifyRequest, 'id' | 'method' | 'url'>>) => ({
    id: request.id,
    method: request.method,
    path: pathOf(request.url),
  }),
  res: (reply: Partial<Pick<FastifyReply, 'statusCode'>>) => ({ statusCode: reply.statusCode }),
};

/**
 * Set on a reply once its line is written: its connection closes afterwards, and whether the
 * answer had finished cannot be read off every response alike (light-my-request's never reports
 * `writableFinished`).
 */
const LOGGED = Symbol('logged');

type LoggedReply = FastifyReply & { [LOGGED]?: true };

/**
 * Fastify's request logging, reduced to one line per request: `request completed` (`request
 * errored` at error level for a 5xx or a failed response) with `req`, `res` and `responseTime` in
 * whole milliseconds, on the request's child logger, which carries its `requestId`; `request
 * aborted` when the connection closes before the answer is finished (a caller gone, the end of an
 * alert-feed stream), which Fastify itself does not report. No line when the request arrives,
 * none for probes.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override isLogDisabled(request: FastifyRequest): boolean {
    return QUIET_PATHS.test(request.url);
  }

  override incomingRequest(request: FastifyRequest, reply: LoggedReply): void {
    if (this.isLogDisabled(request)) return;
    reply.raw.once('close', () => {
      if (reply[LOGGED] !== true && !reply.raw.writableFinished) this.write(undefined, request, reply);
    });
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: LoggedReply): void {
    if (!this.isLogDisabled(request)) this.write(error, request, reply);
  }

  private write(error: Error | null | undefined, request: FastifyRequest, reply: LoggedReply): void {
    reply[LOGGED] = true;
    const line = { req: request, res: reply, responseTime: Math.round(reply.elapsedTime) };
    if (error || reply.statusCode >= 500) reply.log.error(line, 'request errored');
    else
      reply.log.info(
        line,
        !request.raw.readableAborted && reply.raw.writableEnded ? 'request completed' : 'request aborted',
      );
  }
}
