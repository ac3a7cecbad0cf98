import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '@crm/platform';

/** Where `npm run build` puts the console (apps/console/build.mjs), from this file's place in dist. */
export const CONSOLE_ROOT = resolve(__dirname, '../../../../console');

/** What the console needs to know before anyone signs in; nothing in it is a secret. */
export type ConsoleSettings = Readonly<{
  devTokens: boolean;
  oidc: Readonly<{ issuer: string; clientId: string; scope: string }> | null;
}>;

export const consoleSettings = (config: Pick<AppConfig, 'authDevTokens' | 'consoleOidc'>): ConsoleSettings => ({
  devTokens: config.authDevTokens,
  oidc: config.consoleOidc,
});

/**
 * Serves the web console at /console: static files of a client of the public API, with no
 * privileged path of its own (every call it makes carries the user's token and meets the same
 * guards as curl). The files are public; the data behind them is not. Revalidated on every load
 * (ETag) so a new build is picked up without a hard refresh.
 */
export const registerConsole = async (
  server: FastifyInstance,
  config: Pick<AppConfig, 'authDevTokens' | 'consoleOidc'>,
  root: string = CONSOLE_ROOT,
): Promise<void> => {
  const settings = consoleSettings(config);
  server.get('/console', (_request, reply) => reply.redirect('/console/', 308));
  server.get('/console/config.json', (_request, reply) => reply.header('cache-control', 'no-store').send(settings));
  if (!existsSync(root)) return;
  await server.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    cacheControl: true,
    maxAge: 0,
    etag: true,
    lastModified: false,
    index: ['index.html'],
    wildcard: true,
  });
};
