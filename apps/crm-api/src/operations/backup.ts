import 'reflect-metadata';
import { backupSqliteFiles, sqliteDataFiles } from '@crm/api-kit';
import { loadConfig, runCommand } from '@crm/platform';

/**
 * `npm run backup -- <dir>`: online backup of the embedded (SQLite) installation while it serves:
 * read models, risk state, idempotency answers, audit log, then the event store with its data keys,
 * and a manifest (sizes, sha256, last position). On PostgreSQL it refuses and names the pg_dump
 * procedure. `--without-read-models` leaves out the read models (plaintext personal data; the restored
 * API rebuilds them from the events). Exit 0 when written, 1 on failure or refusal, 2 without a folder. docs/operations.md.
 */
const main = async (args: readonly string[]): Promise<number> => {
  // The read models hold personal data in the clear; without them the restored API rebuilds them.
  const withoutReadModels = args.includes('--without-read-models');
  const rest = args.filter((arg) => arg !== '--without-read-models');
  const dir = rest[0];
  if (rest.length !== 1 || dir.startsWith('-')) {
    process.stderr.write('usage: npm run backup -- <new or empty folder> [--without-read-models]\n');
    return 2;
  }
  const files = sqliteDataFiles(loadConfig(process.env)).filter(
    (file) => !(withoutReadModels && file.role === 'read-models'),
  );
  const manifest = await backupSqliteFiles(files, dir, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(
    `backup written to ${dir}: ${manifest.eventStore.events} events up to position ${manifest.eventStore.lastPosition}, ${manifest.eventStore.dataKeys} data keys, ${manifest.files.length} files\n`,
  );
  return 0;
};

runCommand('backup', () => main(process.argv.slice(2)));
