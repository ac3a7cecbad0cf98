import 'reflect-metadata';
import { existsSync } from 'node:fs';
import {
  configuredMasterKeyIds,
  dataKeyOptions,
  eventStoreOptions,
  formatTransferProgress,
  formatTransferSummary,
  importEventLog,
  openEventLogTable,
} from '@crm/event-store';
import { loadStorageConfig, ProgressLine, runCommand } from '@crm/platform';

/**
 * `npm run store:import -- <file.ndjson>`: loads an export into the configured store, which must
 * be empty, in one transaction, with the same master key as the source (DATA_KEY_SECRET or
 * DATA_KEY_FILE). Then run `npm run projections:rebuild` (or start the API on an empty read-model
 * store) so the read models follow. Exit 0 when imported, 1 on failure or refusal, 2 without a
 * file. docs/operations.md.
 */
const main = async (args: readonly string[]): Promise<number> => {
  const file = args[0];
  if (file === undefined || file.startsWith('-')) {
    process.stderr.write('usage: npm run store:import -- <file.ndjson>\n');
    return 2;
  }
  if (!existsSync(file)) {
    process.stderr.write(`store:import failed: ${file} does not exist\n`);
    return 1;
  }
  const config = loadStorageConfig(process.env);
  const options = eventStoreOptions(config);
  const masterKeyIds = configuredMasterKeyIds(dataKeyOptions(config));
  const table = await openEventLogTable(options, 'store:import');
  const progress = new ProgressLine(process.stderr);
  try {
    const summary = await importEventLog(table, file, {
      masterKeyIds,
      onProgress: (p) => progress.update(formatTransferProgress('imported', p), p.position >= p.lastPosition),
    });
    progress.end();
    process.stdout.write(
      `${formatTransferSummary('imported', summary)} into the ${table.dialect} store; now run npm run projections:rebuild\n`,
    );
    return 0;
  } finally {
    progress.end();
    await table.close();
  }
};

runCommand('store:import', () => main(process.argv.slice(2)));
