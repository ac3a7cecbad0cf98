import 'reflect-metadata';
import {
  eventStoreOptions,
  exportEventLog,
  formatTransferProgress,
  formatTransferSummary,
  openEventLogTable,
} from '@crm/event-store';
import { loadStorageConfig, ProgressLine, runCommand } from '@crm/platform';

/**
 * `npm run store:export -- <file.ndjson>`: the configured store's event log (positions, revisions,
 * ids, commit times; personal fields still sealed) and its data keys (still wrapped by the master
 * key) as NDJSON, consistent while the store serves. Exit 0 when written, 1 on failure, 2 without
 * a file. docs/operations.md.
 */
const main = async (args: readonly string[]): Promise<number> => {
  const file = args[0];
  if (file === undefined || file.startsWith('-')) {
    process.stderr.write('usage: npm run store:export -- <file.ndjson>\n');
    return 2;
  }
  const table = await openEventLogTable(eventStoreOptions(loadStorageConfig(process.env)), 'store:export');
  const progress = new ProgressLine(process.stderr);
  try {
    const summary = await exportEventLog(table, file, (p) =>
      progress.update(formatTransferProgress('exported', p), p.position >= p.lastPosition),
    );
    progress.end();
    process.stdout.write(`${formatTransferSummary('exported', summary)} to ${file}\n`);
    return 0;
  } finally {
    progress.end();
    await table.close();
  }
};

runCommand('store:export', () => main(process.argv.slice(2)));
