import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Launch = Readonly<{
  env: Readonly<Record<string, string>>;
  nodeFlags: readonly string[];
  /** The script node runs, e.g. dist/apps/crm-api/src/main.js. */
  entry: string;
}>;

const PACKAGE_JSON = resolve(__dirname, '../../../package.json');

/** package.json's scripts, by name. */
export const npmScripts = (packageJson = PACKAGE_JSON): Readonly<Record<string, string>> =>
  (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * The environment, Node flags and entry point an npm script runs node with, read from its last
 * step (`… && KEY=value … node --flag … dist/apps/<app>/src/main.js`): what the benches, the
 * Dockerfile and the Kubernetes manifests must start each app with.
 */
export const npmScriptLaunch = (script: string, packageJson = PACKAGE_JSON): Launch => {
  const text = npmScripts(packageJson)[script];
  if (text === undefined) throw new Error(`package.json has no "${script}" script`);
  const command = text.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  const node = command.indexOf('node');
  if (node === -1) throw new Error(`package.json ${script} script runs no node: "${text}"`);
  const env = Object.fromEntries(
    command.slice(0, node).map((assignment) => {
      const equals = assignment.indexOf('=');
      if (equals <= 0) throw new Error(`package.json ${script} script: "${assignment}" is not KEY=value`);
      return [assignment.slice(0, equals), assignment.slice(equals + 1)];
    }),
  );
  const args = command.slice(node + 1);
  return { env, nodeFlags: args.filter((token) => token.startsWith('--')), entry: args.at(-1) ?? '' };
};

/** How `npm start` runs the API, so every bench measures the API as shipped and follows any change to it. */
export const npmStartLaunch = (packageJson = PACKAGE_JSON): Launch => npmScriptLaunch('start', packageJson);
