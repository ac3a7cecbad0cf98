import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { requestLogger } from './request-log-context';

type Method = (object: object, ...args: unknown[]) => void;

/**
 * Nest's own start-up lines (every module initialised, every route mapped): some sixty lines of
 * nothing an operator acts on, kept for LOG_LEVEL=debug. The app logs one line once it listens.
 */
const BOOT_CHATTER: ReadonlySet<unknown> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * Errors Nest logs on their way to the caller of create/listen (with `abortOnError: false` it
 * rethrows them): the app's main answers each with one line naming the cause, so the stack stays
 * at debug rather than print a second, noisier account of the same failure.
 */
const RETHROWN: ReadonlySet<unknown> = new Set(['ExceptionHandler', 'NestApplication']);

const contextOf = (optional: readonly unknown[]): unknown => optional[optional.length - 1];

/** A stack as Nest's exception handlers pass it, as the second argument of `error`. */
const STACK = /\n\s*at /;

/**
 * Nest's logs (its own and every `new Logger(context)` in the apps) as pino lines with a `context`
 * field, on the serving request's logger when there is one, so they carry its `requestId`.
 * Nest passes the context as the last argument; a message that is an object is merged into the
 * line (an Error becomes `err`).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write(BOOT_CHATTER.has(contextOf(optional)) ? 'debug' : 'info', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write(RETHROWN.has(contextOf(optional)) ? 'debug' : 'error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: readonly unknown[]): void {
    const logger = requestLogger() ?? this.root;
    const line: Record<string, unknown> = {};
    const rest = optional.slice(0, -1);
    if (optional.length > 0) line.context = optional[optional.length - 1];
    const write: Method = (object, ...args) => (logger[level] as Method).call(logger, object, ...args);
    if (message instanceof Error) {
      line.err = message;
      write(line, ...rest);
    } else if (typeof message === 'object' && message !== null) {
      write(Object.assign(line, message), ...rest);
    } else if (
      level === 'error' &&
      typeof message === 'string' &&
      rest.length === 1 &&
      typeof rest[0] === 'string' &&
      STACK.test(rest[0])
    ) {
      const error = new Error(message);
      error.stack = rest[0];
      line.err = error;
      write(line);
    } else {
      write(line, message, ...rest);
    }
  }
}
