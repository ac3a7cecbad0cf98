import fastify from 'fastify';
import { registerETagHeader } from './etag.hook';

describe('registerETagHeader', () => {
  const server = fastify();
  registerETagHeader(server);
  server.post('/write', async () => ({ id: 'c-1', revision: 3, position: '42' }));
  server.get('/view', async () => ({ id: 'c-1', revision: 0 }));
  server.get('/list', async () => ({ items: [{ revision: 2 }] }));
  server.get('/text', async () => 'revision');

  it('answers the revision of a write or a view as its ETag', async () => {
    expect((await server.inject({ method: 'POST', url: '/write' })).headers.etag).toBe('"3"');
    expect((await server.inject({ method: 'GET', url: '/view' })).headers.etag).toBe('"0"');
  });

  it('sets none on answers without a revision of their own', async () => {
    expect((await server.inject({ method: 'GET', url: '/list' })).headers.etag).toBeUndefined();
    expect((await server.inject({ method: 'GET', url: '/text' })).headers.etag).toBeUndefined();
  });
});
