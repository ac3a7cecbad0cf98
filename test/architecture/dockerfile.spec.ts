import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { npmStartLaunch } from '../bench/npm-start-launch';

/**
 * No Docker engine runs here, so the image is checked by reading its Dockerfile: it must run the
 * API as `npm start` does (flags, glibc variables, entry point), on the Node release CI runs, from
 * files that exist, with scripts package.json has.
 */
const ROOT = resolve(__dirname, '../..');
const dockerfile = readFileSync(resolve(ROOT, 'deploy/Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const of = (keyword: string): string[] =>
  instructions.filter((line) => line.startsWith(`${keyword} `)).map((line) => line.slice(keyword.length + 1).trim());
const launch = npmStartLaunch(resolve(ROOT, 'package.json'));

describe('deploy/Dockerfile', () => {
  it('runs the API as npm start does: the same Node flags, glibc variables and entry point', () => {
    const command = JSON.parse(of('CMD').at(-1) ?? '[]') as string[];
    const startScript = (
      JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
    ).scripts.start;
    expect(command[0]).toBe('node');
    expect(command.filter((token) => token.startsWith('--'))).toEqual(launch.nodeFlags);
    expect(startScript.endsWith(command.at(-1) ?? '')).toBe(true);
    const env = Object.fromEntries(
      of('ENV').flatMap((line) => line.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
    );
    expect(env).toMatchObject(launch.env);
  });

  it('builds on the Node release CI runs (.nvmrc)', () => {
    const version = of('ARG')
      .find((arg) => arg.startsWith('NODE_VERSION='))
      ?.split('=')[1];
    expect(version).toBe(readFileSync(resolve(ROOT, '.nvmrc'), 'utf8').trim());
  });

  it('copies only files that exist and runs only scripts package.json has', () => {
    const sources = of('COPY')
      .filter((line) => !line.startsWith('--from='))
      .flatMap((line) => line.split(/\s+/).slice(0, -1));
    expect(sources.filter((source) => !existsSync(resolve(ROOT, source)))).toEqual([]);
    const scripts = Object.keys(
      (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
    );
    const used = of('RUN').flatMap((line) => [...line.matchAll(/npm run (\S+)/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((script) => !scripts.includes(script))).toEqual([]);
  });
});
