import {
  BadRequestException,
  HttpException,
  Logger,
  PayloadTooLargeException,
  type ArgumentsHost,
} from '@nestjs/common';
import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import { Client, DatabaseError } from 'pg';
import { DomainError } from '@crm/domain';
import { ApiError } from '@crm/platform';
import { ErrorFilter } from './error.filter';

type Sent = { status?: number; body?: unknown; headers: Record<string, string> };

const answer = (error: unknown): Sent => {
  const sent: Sent = { headers: {} };
  const reply = {
    sent: false,
    raw: { hasHeader: () => false },
    header: (name: string, value: string) => ((sent.headers[name] = value), reply),
    status: (status: number) => ((sent.status = status), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const request = { id: 'req-42' };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(error, host);
  return sent;
};

describe('ErrorFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => logged.mockRestore());

  it('answers an unknown error with a generic 500 and logs the cause server-side only', () => {
    const sent = answer(new TypeError("Cannot read properties of undefined (reading 'legalName') at /work/app/x.ts:1"));
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({ code: 'INTERNAL', message: 'Something went wrong on our side.', errors: [] });
    expect(sent.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-42' });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('TypeError'));
  });

  it("never passes on an HttpException's own message or response", () => {
    const sent = answer(
      new BadRequestException({ message: 'Unexpected token } in JSON at position 7: {"legalName":"Secret"' }),
    );
    expect(sent).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.MALFORMED', message: 'The body could not be read as JSON.', errors: [] },
    });
    expect(answer(new PayloadTooLargeException()).body).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
    expect(answer(new HttpException('slow down', 429)).body).toMatchObject({ code: 'REQUEST.RATE_LIMITED' });
    expect(answer(new HttpException('x', 418)).body).toEqual({
      code: 'HTTP.418',
      message: 'The request could not be served.',
      errors: [],
    });
  });

  it('maps a raw Fastify client error by its status, not as a 500', () => {
    const error = Object.assign(new Error('Unsupported Media Type: text/evil'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(answer(error)).toMatchObject({ status: 415, body: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('keeps the status, code and headers of API and domain errors', () => {
    const limited = answer(new ApiError(429, 'REQUEST.RATE_LIMITED', 'Too many requests.', [], { 'Retry-After': '7' }));
    expect(limited).toMatchObject({ status: 429, headers: { 'Retry-After': '7' } });
    expect(answer(new DomainError('CLIENT.NOT_FOUND', 'not_found', 'No such client.')).status).toBe(404);
  });
});

const caught = async (work: () => unknown): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

/** A port nothing listens on: taken, then released. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('resource faults answered by the ErrorFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => logged.mockRestore());

  it('answers a full SQLite database (a real SQLITE_FULL) with 507 STORAGE.FULL and Retry-After', async () => {
    const db = new Database(':memory:');
    // A database that may not grow past a few pages is full the way a full disk makes it.
    db.pragma('max_page_count = 8');
    db.exec('CREATE TABLE events (data TEXT)');
    const insert = db.prepare('INSERT INTO events VALUES (?)');
    const error = await caught(() => {
      for (let i = 0; i < 1_000; i++) insert.run('x'.repeat(1_000));
    });
    db.close();
    expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    const sent = answer(error);
    expect(sent).toMatchObject({
      status: 507,
      body: { code: 'STORAGE.FULL', errors: [] },
      headers: { 'retry-after': '60' },
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/SQLITE|database or disk/);
    expect(logged).toHaveBeenCalled();
  });

  it('answers PostgreSQL out of reach (a real ECONNREFUSED) with 503 STORAGE.UNAVAILABLE and Retry-After', async () => {
    const port = await closedPort();
    const error = await caught(() =>
      new Client({ connectionString: `postgres://u@127.0.0.1:${port}/x`, connectionTimeoutMillis: 2_000 }).connect(),
    );
    expect(answer(error)).toMatchObject({
      status: 503,
      body: { code: 'STORAGE.UNAVAILABLE', errors: [] },
      headers: { 'retry-after': '5' },
    });
  });

  it('reads PostgreSQL server codes: disk full 507; shutting down, starting, out of connections 503', () => {
    const serverError = (code: string) => Object.assign(new DatabaseError('server says no', 0, 'error'), { code });
    expect(answer(serverError('53100')).status).toBe(507);
    for (const code of ['57P01', '57P03', '53300', '08006']) expect(answer(serverError(code)).status).toBe(503);
    // A constraint violation is a bug or a conflict, not a resource fault.
    expect(answer(serverError('23505')).status).toBe(500);
  });

  it('leaves every other error a generic 500', () => {
    expect(answer(Object.assign(new Error('boom'), { code: 'ERR_SOMETHING' })).status).toBe(500);
    expect(answer(new Error('Connection terminated by a proxy rule')).status).toBe(500);
  });
});
