import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@crm/platform';
import { ROOT, variablesReadByCode } from './code-variables';

/**
 * No Docker engine runs here, so deploy/docker-compose.yml is checked by reading it against the
 * code it deploys: one shared configuration that the API's own loader accepts (mode, keys and
 * dev-token settings consistent for every service), variables the code reads, entry points that
 * exist, and health checks and published ports on the port each app listens on.
 */
type Service = {
  build?: unknown;
  image?: string;
  command?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test?: string[] };
};
type Compose = { services: Record<string, Service> };

const DEPLOY = join(ROOT, 'deploy');
/** What each app listens on when PORT is not set (the API's, the risk monitor's and the ingest's loaders). */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  'dist/apps/crm-api/src/main.js': 3000,
  'dist/apps/risk-monitor/src/main.js': 3002,
  'dist/apps/ingest/src/main.js': 3003,
};
/** The Dockerfile's CMD runs the API: a service without `command` runs that. */
const IMAGE_ENTRY = 'dist/apps/crm-api/src/main.js';

const readEnvFile = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** Everything wrong with `compose` (read with its env files from `files`), one line each. */
const composeProblems = (compose: Compose, files: (name: string) => string | null): string[] => {
  const problems: string[] = [];
  const known = variablesReadByCode();
  const apps = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
  if (apps.length < 4)
    problems.push(`expected the API and three workers built from the Dockerfile, found ${apps.length}`);
  const envFiles = new Set(apps.map(([, service]) => JSON.stringify(service.env_file ?? [])));
  if (envFiles.size !== 1) problems.push('app services do not share one env_file');
  for (const [name, service] of apps) {
    const shared = (service.env_file ?? []).map((file) => {
      const text = files(file);
      if (text === null) problems.push(`${name}: env_file ${file} does not exist`);
      return readEnvFile(text ?? '');
    });
    const env = Object.assign({}, ...shared, service.environment ?? {}) as Record<string, string>;
    for (const variable of Object.keys(env)) {
      if (!known.has(variable)) problems.push(`${name}: ${variable} is read by no code`);
    }
    const entry = service.command?.find((token) => token.endsWith('.js')) ?? IMAGE_ENTRY;
    const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    if (!existsSync(join(ROOT, source))) problems.push(`${name}: ${entry} is built from nothing (${source} missing)`);
    if (entry === IMAGE_ENTRY) {
      try {
        loadConfig(env);
      } catch (error) {
        problems.push(`${name}: the API refuses this configuration: ${(error as Error).message}`);
      }
    }
    const port = Number(env.PORT ?? DEFAULT_PORTS[entry] ?? NaN);
    const probe = service.healthcheck?.test?.join(' ').match(/http:\/\/127\.0\.0\.1:(\d+)(\/[\w/]*)/);
    if (DEFAULT_PORTS[entry] !== undefined && probe === null) problems.push(`${name}: no health check`);
    if (probe !== null && probe !== undefined) {
      if (Number(probe[1]) !== port) problems.push(`${name}: health check on ${probe[1]}, app listens on ${port}`);
      if (probe[2] !== '/health/ready') problems.push(`${name}: health check on ${probe[2]}, not /health/ready`);
    }
    for (const mapping of service.ports ?? []) {
      const inside = Number(mapping.split(':').at(-1));
      if (inside !== port) problems.push(`${name}: publishes container port ${inside}, app listens on ${port}`);
    }
  }
  const modes = new Set(
    apps.map(([, service]) =>
      JSON.stringify(
        ['NODE_ENV', 'DATA_KEY_SECRET', 'DATA_KEY_FILE'].map((variable) => {
          const fromFiles = Object.assign(
            {},
            ...(service.env_file ?? []).map((file) => readEnvFile(files(file) ?? '')),
          ) as Record<string, string>;
          return service.environment?.[variable] ?? fromFiles[variable] ?? null;
        }),
      ),
    ),
  );
  if (modes.size !== 1) problems.push('app services disagree on NODE_ENV or the data key');
  return problems;
};

const compose = parse(readFileSync(join(DEPLOY, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
const files = (name: string): string | null =>
  existsSync(join(DEPLOY, name)) ? readFileSync(join(DEPLOY, name), 'utf8') : null;

describe('deploy/docker-compose.yml', () => {
  it('runs every app on one configuration the code accepts, with entry points, ports and health checks that match', () => {
    expect(composeProblems(compose, files)).toEqual([]);
  });

  it('fails on a planted mistake: a misspelt variable, a missing entry point, a wrong probe port, a key for one service only', () => {
    const planted = structuredClone(compose);
    const services = planted.services as Record<string, Service>;
    services['crm-api']!.environment = { ...services['crm-api']!.environment, WORKRES: 'none' };
    services.projector!.command = ['node', 'dist/apps/projecter/src/main.js'];
    services['risk-monitor']!.healthcheck = { test: ['CMD', 'curl', 'http://127.0.0.1:3000/health/ready'] };
    services['event-relay']!.environment = { DATA_KEY_SECRET: 'another-key-for-the-relay-only-0123456789' };
    expect(composeProblems(planted, files)).toEqual([
      'crm-api: WORKRES is read by no code',
      'projector: dist/apps/projecter/src/main.js is built from nothing (apps/projecter/src/main.ts missing)',
      'risk-monitor: health check on 3000, app listens on 3002',
      'app services disagree on NODE_ENV or the data key',
    ]);
    const production = (name: string) =>
      name === 'compose.env' ? `${files(name)}\nNODE_ENV=production\n` : files(name);
    expect(composeProblems(compose, production)).toEqual([
      'crm-api: the API refuses this configuration: invalid configuration: AUTH_DEV_TOKENS must not be true when NODE_ENV=production',
    ]);
  });
});
