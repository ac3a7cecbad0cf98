import fastifyHelmet from '@fastify/helmet';
import fastify, { type FastifyInstance } from 'fastify';
import { registerSecurityHeaders, SECURITY_HEADERS } from './security-headers';

const headersOf = async (server: FastifyInstance, url: string) => {
  server.get('/v1/thing', async () => ({ ok: true }));
  const { headers } = await server.inject({ method: 'GET', url });
  const { date: _date, 'content-length': _length, ...rest } = headers;
  return rest;
};

describe('registerSecurityHeaders', () => {
  it.each([
    ['an answer', '/v1/thing'],
    ['a 404', '/v1/nothing'],
  ])('sets exactly the headers @fastify/helmet sets on %s', async (_name, url) => {
    const plugin = fastify();
    await plugin.register(fastifyHelmet, SECURITY_HEADERS);
    const hook = fastify();
    await registerSecurityHeaders(hook);

    const expected = await headersOf(plugin, url);
    expect(await headersOf(hook, url)).toEqual(expected);
    expect(expected).toMatchObject({
      'x-frame-options': 'DENY',
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
    });
  });
});
