import 'reflect-metadata';
import { EncryptingEventStore, openEventStore, eventStoreOptions } from '@crm/event-store';
import { ConfigError, loadStorageConfig } from '@crm/platform';

/**
 * `npm run data-keys:encrypt-existing`: seals, in place, the personal fields of client events
 * appended before crypto-shredding was switched on (SQLite and PostgreSQL stores; an EventStoreDB
 * log cannot be rewritten). Safe while the system serves and to repeat; progress on stderr, a
 * one-line summary on stdout. Exit 0 when done, 1 on failure.
 */
const main = async (): Promise<number> => {
  const store = await openEventStore(eventStoreOptions(loadStorageConfig(process.env)));
  try {
    if (!(store instanceof EncryptingEventStore)) throw new Error('crypto-shredding is not configured');
    const result = await store.encryptExistingEvents(({ streams, events }) =>
      process.stderr.write(`${streams} client streams checked, ${events} events sealed\n`),
    );
    process.stdout.write(
      `${result.events} event(s) in ${result.streams} client stream(s): personal fields now sealed\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Config and key errors name variables and key ids, never secrets; anything else by its kind only.
    const known =
      error instanceof ConfigError ||
      (error instanceof Error && /^(DataKey|MasterKey|Decryption)Error$/.test(error.name));
    process.stderr.write(
      `sealing existing events failed: ${known ? (error as Error).message : error instanceof Error ? error.name : 'failed'}\n`,
    );
    process.exit(1);
  },
);
