import 'reflect-metadata';
import { dataKeyLocationOf, openDataKeyRing, eventStoreOptions } from '@crm/event-store';
import { ConfigError, loadStorageConfig } from '@crm/platform';

/**
 * `npm run data-keys:rotate`: re-wraps every client data key under the current master key, so the
 * previous one can be retired. Run it with the new key as DATA_KEY_SECRET (or DATA_KEY_FILE) and
 * the old one as DATA_KEY_PREVIOUS_SECRET (or DATA_KEY_PREVIOUS_FILE), with every running process
 * already configured the same way (they unwrap with either key meanwhile); then drop the previous
 * key from the configuration everywhere and destroy it. Safe to run while the system serves and to
 * repeat (each key is replaced by compare-and-set). Exit 0 when done, 1 on failure.
 * The full procedure is in docs/security.md.
 */
const main = async (): Promise<number> => {
  const config = loadStorageConfig(process.env);
  const options = eventStoreOptions(config);
  if (options.dataKeys === undefined) throw new Error('no data key configuration');
  const ring = await openDataKeyRing(dataKeyLocationOf(options), options.dataKeys);
  try {
    const rewrapped = await ring.rotate((count) => process.stderr.write(`re-wrapped ${count} data keys\n`));
    await ring.verifyMasterKeys();
    process.stdout.write(`${rewrapped} data key(s) re-wrapped under master key ${ring.currentMasterKeyId}\n`);
    return 0;
  } finally {
    await ring.store.close();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Config and key errors name variables and key ids, never secrets; anything else by its kind only.
    const known =
      error instanceof ConfigError ||
      (error instanceof Error && /^(DataKey|MasterKey|Decryption)Error$/.test(error.name));
    const message = known ? (error as Error).message : error instanceof Error ? error.name : 'failed';
    process.stderr.write(`data key rotation failed: ${message}\n`);
    process.exit(1);
  },
);
