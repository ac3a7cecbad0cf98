import { resolve } from 'node:path';
import { startProcess, type ApiClient } from '@crm/testing';

const DIST = resolve(__dirname, '../../../dist/apps');

/** The built operations commands (`npm run backup`, `restore`, `store:*`) and the projection rebuild. */
export const CLI = {
  backup: `${DIST}/crm-api/src/operations/backup.js`,
  restore: `${DIST}/crm-api/src/operations/restore.js`,
  export: `${DIST}/crm-api/src/operations/store-export.js`,
  import: `${DIST}/crm-api/src/operations/store-import.js`,
  check: `${DIST}/crm-api/src/operations/store-check.js`,
  rebuild: `${DIST}/projector/src/rebuild.js`,
} as const;

export type CliRun = Readonly<{ code: number | null; output: string }>;

/** Runs a built command to its end with `env` (and the given arguments). */
export const runCli = async (script: string, args: readonly string[], env: Record<string, string>): Promise<CliRun> => {
  const running = startProcess(script, env, args);
  const code = await running.exited;
  return { code, output: running.output() };
};

export type Write = Readonly<{ id: string; revision: number; position: string }>;

/** Registers a prospect (one event in a new stream), as a relationship manager's client would. */
export const registerClient = (api: ApiClient, n: number) =>
  api.post<Write>('/v1/clients', {
    branchId: 'BR-1',
    segment: 'sme',
    industry: 'retail',
    legalName: `Backup Test ${n} Ltd`,
    registrationNo: `REG-${n}`,
    contact: { phone: `+86${String(10_000_000 + n)}`, email: `c${n}@client.example` },
    source: 'branch',
  });

/** A failed command prints one line: its message, no stack trace. */
export const expectOneLineRefusal = (run: CliRun, pattern: RegExp): void => {
  expect(run.code).toBe(1);
  const lines = run.output.trim().split('\n');
  expect(lines[lines.length - 1]).toMatch(pattern);
  expect(run.output).not.toMatch(/\n\s+at /);
};
