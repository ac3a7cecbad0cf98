import { join } from 'node:path';
import { scratchDir, startApiProcess, type ApiProcess } from '@crm/testing';

/**
 * Oversized URLs and heads over real HTTP, with an ordinary client (fetch): each gets its status
 * and the house error body. A URL far beyond Node's 16 KiB head limit used to end in a connection
 * reset, since the server closed with the rest of the request unread. The built API runs as its
 * own process: in one process with the client, the timing that produced the resets does not occur.
 */
describe('oversized URLs and headers', () => {
  const dir = scratchDir('crm-oversized');
  let api: ApiProcess;
  let base: string;

  beforeAll(async () => {
    api = await startApiProcess({
      SQLITE_PATH: join(dir.path, 'crm.sqlite'),
      SQLITE_DURABLE: 'false',
      WORKERS: 'none',
    });
    base = api.base;
  });

  afterAll(async () => {
    await api?.stop();
    dir.cleanup();
  });

  const answer = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() };
  };

  it.each([
    ['a path parameter of 100,000 characters', `/v1/clients/${'a'.repeat(100_000)}`],
    ['a path of 20,000 characters', `/v1/clients/${'a'.repeat(20_000)}`],
    ['a query string past 8 KiB on a route that exists', `/health/live?q=${'a'.repeat(9_000)}`],
    ['a path parameter past 8 KiB', `/v1/clients/${'a'.repeat(9_000)}`],
  ])('answers %s with 414', async (_what, path) => {
    expect(await answer(path)).toEqual({
      status: 414,
      requestId: expect.any(String),
      body: { code: 'REQUEST.URI_TOO_LONG', message: expect.stringContaining('8,192'), errors: [] },
    });
  });

  it('answers headers past 16 KiB with 431, however large', async () => {
    for (const size of [20_000, 100_000]) {
      expect(await answer('/health/live', { 'x-padding': 'b'.repeat(size) })).toMatchObject({
        status: 431,
        body: { code: 'REQUEST.HEADERS_TOO_LARGE' },
      });
    }
  });

  it('answers an oversized head on a kept-alive connection after an earlier answer on it', async () => {
    // fetch keeps the connection of a complete answer and sends the next request on it.
    const statuses: number[] = [];
    for (const length of [9_000, 20_000, 9_000, 100_000, 17_000])
      statuses.push((await answer(`/v1/clients/${'a'.repeat(length)}`)).status);
    expect(statuses).toEqual([414, 414, 414, 414, 414]);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });

  it('keeps serving URLs under the limit', async () => {
    expect((await fetch(`${base}/health/live?q=${'a'.repeat(8_000)}`)).status).toBe(200);
  });
});
