import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root, seen from test/architecture. */
export const ROOT = resolve(__dirname, '../..');

/**
 * deploy/Dockerfile read as a script (no Docker engine runs here): its instructions without
 * comments and continuation lines, and what the final image is given.
 */
export const readDockerfile = (path = resolve(ROOT, 'deploy/Dockerfile')) => {
  const instructions = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  /** The arguments of every instruction with that keyword, in order. */
  const of = (keyword: string): string[] =>
    instructions.filter((line) => line.startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1).trim());
  /** The image's environment (every ENV, KEY=value pairs). */
  const env: Readonly<Record<string, string>> = Object.fromEntries(
    of('ENV').flatMap((line) => line.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
  );
  return {
    of,
    env,
    /** CMD in exec form. */
    command: JSON.parse(of('CMD').at(-1) ?? '[]') as string[],
    workdir: of('WORKDIR').at(-1) ?? '/',
    user: of('USER').at(-1) ?? 'root',
  };
};
