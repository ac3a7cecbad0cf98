import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './process-harness';

export type OwnPostgresServer = Readonly<{
  /** A database `crm` on this server. */
  url: string;
  /** Stops the server at once (`-m fast`): sessions are cut as in an outage. */
  stop: () => void;
  start: () => void;
  /** Stops it (if running) and removes its data directory. */
  destroy: () => void;
}>;

const POSTGRES_USER = 'postgres';

/**
 * Whether this machine can run a PostgreSQL server of a test's own: `initdb` and `pg_ctl` on
 * PATH (Debian's postgresql package puts them there, or under /usr/lib/postgresql/<v>/bin).
 * A suite that needs one fails under CI=true when this is false, and skips locally.
 */
export const ownPostgresPossible = (): boolean =>
  spawnSync('initdb', ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('pg_ctl', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * A throwaway PostgreSQL server on a free loopback port, for tests that must stop and start the
 * database under a running API (the machine's shared server must never be stopped). PostgreSQL
 * refuses to run as root, so as root the server runs as the `postgres` user. No fsync: the test
 * is about availability, not durability.
 */
export const startOwnPostgres = async (): Promise<OwnPostgresServer> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-own-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', POSTGRES_USER]).toString()), -1);
  const run = (command: string, args: readonly string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', POSTGRES_USER, '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', POSTGRES_USER, '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = (): void => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  const stop = (): void => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-c', 'CREATE DATABASE crm', 'postgres']);
  let destroyed = false;
  return {
    url: `postgres://${POSTGRES_USER}@127.0.0.1:${port}/crm`,
    stop,
    start,
    destroy: () => {
      if (destroyed) return;
      destroyed = true;
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
