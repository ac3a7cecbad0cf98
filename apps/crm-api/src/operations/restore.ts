import 'reflect-metadata';
import { restoreSqliteFiles, sqliteDataFiles } from '@crm/api-kit';
import { configuredMasterKeyIds, dataKeyOptions } from '@crm/event-store';
import { loadConfig, runCommand } from '@crm/platform';

/**
 * `npm run restore -- <dir> [--force]`: restores a backup made by `npm run backup` into the data
 * files this configuration names (SQLITE_PATH and the files beside it), after checking every
 * file's sha256 and that the configured master key wrapped the backup's data keys. Refuses a data
 * folder that is not empty unless --force. Start the API afterwards: its projections catch up
 * from the positions the backup's read models reached. Exit 0 when restored, 1 on failure or
 * refusal, 2 on bad arguments. docs/operations.md.
 */
const main = async (args: readonly string[]): Promise<number> => {
  const force = args.includes('--force');
  const rest = args.filter((arg) => arg !== '--force');
  if (rest.length !== 1 || rest[0].startsWith('-')) {
    process.stderr.write('usage: npm run restore -- <backup folder> [--force]\n');
    return 2;
  }
  const config = loadConfig(process.env);
  const manifest = await restoreSqliteFiles(rest[0], {
    files: sqliteDataFiles(config),
    masterKeyIds: configuredMasterKeyIds(dataKeyOptions(config)),
    force,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    `restored ${manifest.files.length} files: ${manifest.eventStore.events} events up to position ${manifest.eventStore.lastPosition} (backup of ${manifest.eventStoreSnapshotAt})\n`,
  );
  return 0;
};

runCommand('restore', () => main(process.argv.slice(2)));
