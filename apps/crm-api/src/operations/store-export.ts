import 'reflect-metadata';
import { eventStoreOptions, exportEventLog, openEventLogTable } from '@crm/event-store';
import { loadStorageConfig, operatorMessage, ProgressLine } from '@crm/platform';

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
      progress.update(
        `exported ${p.events} events, position ${p.position} of ${p.lastPosition}`,
        p.position >= p.lastPosition,
      ),
    );
    progress.end();
    process.stdout.write(
      `exported ${summary.events} events up to position ${summary.lastPosition} and ${summary.dataKeys} data keys to ${file}\n`,
    );
    return 0;
  } finally {
    progress.end();
    await table.close();
  }
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`store:export failed: ${operatorMessage(error)}\n`);
    process.exit(1);
  },
);
