import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');

/** Read by tests, CI or the shell, not settings of the system. */
const NOT_SETTINGS = new Set(['CI', 'PATH', 'TEST_DATABASE_URL', 'CHROMIUM_PATH']);

/** Every non-spec TypeScript file under `dir`. */
export const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });

/** The environment variables `text` reads as `env.NAME` or `env['NAME']`. */
export const variablesIn = (text: string): string[] =>
  [...text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)].map((m) => m[1] ?? m[2] ?? '');

/** Every environment variable the apps and libraries read: the system's settings. */
export const variablesReadByCode = (): Set<string> =>
  new Set(
    ['apps', 'libs']
      .flatMap((top) =>
        readdirSync(join(ROOT, top)).flatMap((project) => {
          const src = join(ROOT, top, project, 'src');
          return statSync(src, { throwIfNoEntry: false })?.isDirectory() ? sourcesUnder(src) : [];
        }),
      )
      .flatMap((file) => variablesIn(readFileSync(file, 'utf8')))
      .filter((name) => !NOT_SETTINGS.has(name)),
  );
