import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type Launch = Readonly<{ env: Readonly<Record<string, string>>; nodeFlags: readonly string[] }>;

/**
 * The environment and Node flags `npm start` runs the API with, read from package.json's `start`
 * script (`… && KEY=value … node --flag … dist/apps/crm-api/src/main.js`), so every bench measures
 * the API as shipped and follows any change to how it is started.
 */
export const npmStartLaunch = (packageJson = resolve(__dirname, '../../../package.json')): Launch => {
  const scripts = (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts.start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  const node = command.indexOf('node');
  if (node === -1) throw new Error(`package.json start script runs no node: "${scripts.start}"`);
  const env = Object.fromEntries(
    command.slice(0, node).map((assignment) => {
      const equals = assignment.indexOf('=');
      if (equals <= 0) throw new Error(`package.json start script: "${assignment}" is not KEY=value`);
      return [assignment.slice(0, equals), assignment.slice(equals + 1)];
    }),
  );
  return { env, nodeFlags: command.slice(node + 1).filter((token) => token.startsWith('--')) };
};
