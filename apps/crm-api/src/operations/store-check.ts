import 'reflect-metadata';
import { eventStoreOptions, openEventLogTable, openEventStore } from '@crm/event-store';
import { loadStorageConfig, runCommand } from '@crm/platform';

/**
 * `npm run store:check`: after a restore (pg_restore, npm run restore, store:import) and before
 * the API starts on it, checks the configured store: the configured master key unwraps a data key
 * of every master key the store holds keys of (a wrong DATA_KEY_SECRET fails here, not at the
 * first read), and the newest event reads back through decryption. Prints the last position.
 * Exit 0 when sound, 1 otherwise. docs/operations.md.
 */
const main = async (): Promise<number> => {
  const options = eventStoreOptions(loadStorageConfig(process.env));
  const table = await openEventLogTable(options, 'store:check');
  let head: bigint;
  try {
    head = await table.headPosition();
  } finally {
    await table.close();
  }
  // Opening the store verifies the master keys against the stored data keys.
  const store = await openEventStore(options);
  try {
    const last = head > 0n ? await store.readAll({ after: head - 1n, maxCount: 1 }) : [];
    if (head > 0n && last.length !== 1) throw new Error(`the event at position ${head} cannot be read`);
    process.stdout.write(`store ${options.kind}: sound; last position ${head}; the master key opens its data keys\n`);
    return 0;
  } finally {
    await store.close();
  }
};

runCommand('store:check', () => main());
