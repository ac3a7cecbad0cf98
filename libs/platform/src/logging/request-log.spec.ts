import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import fastify from 'fastify';
import { createApiLogger } from './api-logger';
import { requestIdOf } from './request-id';
import { RequestLogController } from './request-log';

type Line = Record<string, unknown> & { level: number; msg: string };

const serverLogging = () => {
  let output = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
  const server = fastify({
    loggerInstance: createApiLogger('info', sink),
    logController: new RequestLogController(),
    genReqId: requestIdOf,
  });
  server.get('/v1/clients/:id', async () => ({ ok: true }));
  server.post('/v1/clients', async (_request, reply) => reply.code(201).send({ id: 'x' }));
  server.get('/v1/broken', async (_request, reply) => reply.code(503).send({ code: 'DOWN' }));
  server.get('/health/live', async () => ({ status: 'ok' }));
  server.get('/metrics', async () => 'up 1');
  const lines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Line);
  return { server, lines };
};

describe('RequestLogController', () => {
  it('logs one line per answer: request id, method, path without the query, status and time', async () => {
    const { server, lines } = serverLogging();
    await server.inject({
      method: 'GET',
      url: '/v1/clients/c-1?q=Acme%20Secret&cursor=abc',
      headers: { authorization: 'Bearer SECRET.TOKEN.X', cookie: 'session=SECRET', 'x-request-id': 'gw-42' },
    });
    await server.inject({
      method: 'POST',
      url: '/v1/clients',
      headers: { authorization: 'Bearer SECRET.TOKEN.Y' },
      payload: { legalName: 'Acme SECRET Ltd' },
    });

    const [read, write] = lines();
    expect(lines()).toHaveLength(2);
    expect(read).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      requestId: 'gw-42',
      req: { id: 'gw-42', method: 'GET', path: '/v1/clients/c-1' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    expect(Number.isInteger(read.responseTime)).toBe(true);
    expect(write).toMatchObject({ req: { method: 'POST', path: '/v1/clients' }, res: { statusCode: 201 } });
    expect(write.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(lines())).not.toMatch(/SECRET|Bearer|cursor|session/);
  });

  it('reduces anything logged as req or res to the same few fields', () => {
    let output = '';
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((output += chunk.toString()), done()) });
    createApiLogger('info', sink).error(
      {
        req: { id: 'r-1', method: 'POST', url: '/v1/x?q=SECRET', headers: { authorization: 'SECRET' }, body: 'SECRET' },
        res: { statusCode: 500, headers: { 'set-cookie': 'SECRET' }, body: 'SECRET' },
      },
      'by hand',
    );
    expect(JSON.parse(output)).toMatchObject({
      req: { id: 'r-1', method: 'POST', path: '/v1/x' },
      res: { statusCode: 500 },
    });
    expect(output).not.toMatch(/SECRET|headers|body/);
  });

  it('logs a 5xx answer at error level', async () => {
    const { server, lines } = serverLogging();
    await server.inject({ method: 'GET', url: '/v1/broken' });
    expect(lines()).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 503 } })]);
  });

  it('logs a request whose caller leaves before the answer as aborted, once', async () => {
    const { server, lines } = serverLogging();
    let release = (): void => undefined;
    server.get('/v1/stream', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { late: true };
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = server.server.address() as { port: number };
      const caller = httpRequest({ host: '127.0.0.1', port, path: '/v1/stream?cursor=x' });
      caller.on('error', () => undefined);
      caller.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
      caller.destroy();
      const requestLines = () => lines().filter((line) => 'req' in line);
      for (let i = 0; i < 100 && requestLines().length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      release();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requestLines()).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'request aborted',
          req: expect.objectContaining({ path: '/v1/stream' }),
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('says nothing about probes and scrapes', async () => {
    const { server, lines } = serverLogging();
    await server.inject({ method: 'GET', url: '/health/live' });
    await server.inject({ method: 'GET', url: '/metrics?x=1' });
    expect(lines()).toEqual([]);
  });
});
