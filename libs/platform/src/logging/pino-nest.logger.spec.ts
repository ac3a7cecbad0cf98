import { Writable } from 'node:stream';
import fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { PinoNestLogger } from './pino-nest.logger';
import { registerRequestLogContext } from './request-log-context';

type Line = Record<string, unknown>;

const sinkOf = () => {
  let output = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  const lines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Line);
  return { stream, lines };
};

describe('PinoNestLogger', () => {
  it('writes Nest’s calls as pino lines, the last argument as the context', () => {
    const { stream, lines } = sinkOf();
    const logger = new PinoNestLogger(pino({ level: 'trace' }, stream));

    logger.log('read path warm', 'ReadPathWarmUp');
    logger.warn({ backlog: 3 }, 'ReadAudit');
    logger.error(new Error('store down'), 'ErrorFilter');
    logger.error('Unhandled', 'Error: boom\n    at handler (x.js:1:1)', 'ExceptionsHandler');
    logger.verbose('fine detail', 'Ctx');
    logger.debug('no context');

    const [log, warn, error, contract, verbose, debug] = lines();
    expect(log).toMatchObject({ level: 30, context: 'ReadPathWarmUp', msg: 'read path warm' });
    expect(warn).toMatchObject({ level: 40, context: 'ReadAudit', backlog: 3 });
    expect(error).toMatchObject({ level: 50, context: 'ErrorFilter', err: { message: 'store down' } });
    expect(contract).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: { message: 'Unhandled' } });
    expect((contract.err as { stack: string }).stack).toContain('at handler (x.js:1:1)');
    expect(verbose).toMatchObject({ level: 10, context: 'Ctx', msg: 'fine detail' });
    expect(debug).toEqual(expect.objectContaining({ level: 20, msg: 'no context' }));
    expect(debug).not.toHaveProperty('context');
  });

  it('logs on the serving request’s logger, so the line carries its request id, bodies or not', async () => {
    const { stream, lines } = sinkOf();
    const root = pino({ level: 'info' }, stream);
    const logger = new PinoNestLogger(root);
    const server = fastify({
      loggerInstance: root as FastifyBaseLogger,
      logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
      genReqId: (request) => String(request.headers['x-request-id']),
    });
    registerRequestLogContext(server);
    server.get('/read', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.error('while reading', 'ErrorFilter');
      return {};
    });
    server.post('/write', async () => {
      logger.error('while writing', 'ErrorFilter');
      return {};
    });

    await server.inject({ method: 'GET', url: '/read', headers: { 'x-request-id': 'r-1' } });
    await server.inject({ method: 'POST', url: '/write', headers: { 'x-request-id': 'r-2' }, payload: { a: 1 } });
    logger.log('outside any request', 'ReadPathWarmUp');

    expect(lines().map(({ requestId, msg }) => [requestId, msg])).toEqual([
      ['r-1', 'while reading'],
      ['r-2', 'while writing'],
      [undefined, 'outside any request'],
    ]);
  });

  it('keeps Nest’s start-up chatter and the errors it rethrows to main at debug', () => {
    const { stream, lines } = sinkOf();
    const logger = new PinoNestLogger(pino({ level: 'debug' }, stream));
    logger.log('Mapped {/v1/clients, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.error(new Error('connect ECONNREFUSED'), 'ExceptionHandler');
    logger.error('Error: listen EADDRINUSE', 'NestApplication');
    logger.log('served', 'AlertFeed');
    expect(lines().map(({ level, context }) => [level, context])).toEqual([
      [20, 'RouterExplorer'],
      [20, 'InstanceLoader'],
      [20, 'ExceptionHandler'],
      [20, 'NestApplication'],
      [30, 'AlertFeed'],
    ]);
  });
});
