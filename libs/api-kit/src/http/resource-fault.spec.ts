import { createServer } from 'node:net';
import { type ArgumentsHost, Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { Client, DatabaseError } from 'pg';
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
  const host = {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ id: 'req-1' }) }),
  } as unknown as ArgumentsHost;
  new ErrorFilter().catch(error, host);
  return sent;
};

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
