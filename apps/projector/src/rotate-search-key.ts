import 'reflect-metadata';
import { openEventStore, eventStoreOptions } from '@crm/event-store';
import { loadStorageConfig, ProgressLine } from '@crm/platform';
import {
  openReadModelStore,
  readModelCrypto,
  readModelStoreLocation,
  rotateSearchKey,
  UNPROTECTED_SEARCH_KEYS,
} from '@crm/read-models';

/**
 * `npm run search-index:rotate`: re-keys the client search's blind index next to the running API
 * and projector (docs/security.md, the search index). Exit 0 when the old key is destroyed, 1 on
 * failure; an interrupted run is finished by the next one.
 */
const main = async (): Promise<number> => {
  const config = loadStorageConfig(process.env);
  const events = await openEventStore(eventStoreOptions(config));
  try {
    const crypto = readModelCrypto(events);
    const store = await openReadModelStore(readModelStoreLocation(config), { searchKeys: crypto.searchKeys });
    const progress = new ProgressLine(process.stderr);
    try {
      const rotated = await rotateSearchKey(
        store.searchKeyRotation(),
        crypto.termOpener,
        crypto.searchKeys ?? UNPROTECTED_SEARCH_KEYS,
        {
          onProgress: (p) =>
            progress.update(
              p.phase === 'back-fill'
                ? `search key v${p.from} → v${p.to}: ${p.clients} clients indexed under v${p.to}`
                : `search key v${p.from} → v${p.to}: ${p.dropped} terms of v${p.from} deleted`,
              false,
            ),
        },
      );
      progress.end();
      process.stdout.write(
        `search index re-keyed from v${rotated.from} to v${rotated.to}: ${rotated.clients} clients, ${rotated.dropped} old terms deleted, key v${rotated.from} destroyed\n`,
      );
      return 0;
    } finally {
      progress.end();
      await store.close();
    }
  } finally {
    await events.close();
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`search key rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
