import fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerConsole } from './console-assets';

describe('registerConsole (the web console as static files of the API)', () => {
  const root = mkdtempSync(join(tmpdir(), 'console-assets-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'console.js'), 'export {};');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const serve = async (devTokens: boolean) => {
    const server = fastify();
    await registerConsole(
      server,
      {
        authDevTokens: devTokens,
        consoleOidc: devTokens
          ? null
          : { issuer: 'https://sso.bank.example', clientId: 'crm-console', scope: 'openid' },
      },
      root,
    );
    return server;
  };

  it('redirects /console to its folder and serves the page there, revalidated on each load', async () => {
    const server = await serve(true);
    const bare = await server.inject({ url: '/console' });
    expect([bare.statusCode, bare.headers.location]).toEqual([308, '/console/']);
    const page = await server.inject({ url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    expect(page.headers['cache-control']).toBe('public, max-age=0');
    expect(page.headers.etag).toBeDefined();
    expect((await server.inject({ url: '/console/console.js' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/console/../package.json' })).statusCode).toBe(404);
    await server.close();
  });

  it('tells the console how people sign in, and nothing else', async () => {
    const dev = await serve(true);
    expect((await dev.inject({ url: '/console/config.json' })).json()).toEqual({ devTokens: true, oidc: null });
    const production = await serve(false);
    const settings = await production.inject({ url: '/console/config.json' });
    expect(settings.json()).toEqual({
      devTokens: false,
      oidc: { issuer: 'https://sso.bank.example', clientId: 'crm-console', scope: 'openid' },
    });
    expect(settings.headers['cache-control']).toBe('no-store');
    await Promise.all([dev.close(), production.close()]);
  });
});
