import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { npmScripts, npmStartLaunch } from '../bench/npm-start-launch';
import { readDockerfile, ROOT } from './dockerfile';

/**
 * No Docker engine runs here, so the image is checked by reading its Dockerfile: it must run the
 * API as `npm start` does (flags, glibc variables, entry point), on the Node release CI runs, from
 * files that exist, with scripts package.json has.
 */
const dockerfile = readDockerfile();
const { of } = dockerfile;
const launch = npmStartLaunch(resolve(ROOT, 'package.json'));
const scripts = npmScripts(resolve(ROOT, 'package.json'));

describe('deploy/Dockerfile', () => {
  it('runs the API as npm start does: the same Node flags, glibc variables and entry point', () => {
    const { command } = dockerfile;
    expect(command[0]).toBe('node');
    expect(command.filter((token) => token.startsWith('--'))).toEqual(launch.nodeFlags);
    expect(command.at(-1)).toBe(launch.entry);
    expect(dockerfile.env).toMatchObject(launch.env);
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
    const used = of('RUN').flatMap((line) => [...line.matchAll(/npm run (\S+)/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((script) => !(script in scripts))).toEqual([]);
  });
});
