import 'reflect-metadata';
import { openEventStore, eventStoreOptions } from '@crm/event-store';
import { loadStorageConfig, ProgressLine } from '@crm/platform';
import {
  readModelStoreLocation,
  CLIENT_READ_MODELS_PROJECTION,
  formatRebuildProgress,
  formatRebuildSummary,
  openReadModelStore,
  readModelCrypto,
  REBUILDABLE_PROJECTIONS,
  rebuildIntoNewGeneration,
} from '@crm/read-models';

/**
 * `npm run projections:rebuild -- [name]`: rebuilds a projection into a new generation of its
 * tables next to the running API and projector, and switches to it when caught up (see
 * docs/decisions.md §16). Exit 0 when switched, 1 on failure, 2 for an unknown projection,
 * 130 when interrupted (the live generation keeps serving; the next run starts over).
 */
const main = async (args: readonly string[]): Promise<number> => {
  const projection = args[0] ?? CLIENT_READ_MODELS_PROJECTION;
  if (!REBUILDABLE_PROJECTIONS.includes(projection)) {
    process.stderr.write(
      `unknown projection ${JSON.stringify(projection)}; known: ${REBUILDABLE_PROJECTIONS.join(', ')}\n`,
    );
    return 2;
  }
  const config = loadStorageConfig(process.env);
  const events = await openEventStore(eventStoreOptions(config));
  try {
    // The projector's view of the log and keys, as the apps open them (ReadModelsModule).
    const crypto = readModelCrypto(events);
    const store = await openReadModelStore(readModelStoreLocation(config), { searchKeys: crypto.searchKeys });
    const abort = new AbortController();
    const interrupt = (): void => abort.abort();
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    const progress = new ProgressLine(process.stderr);
    try {
      const result = await rebuildIntoNewGeneration(crypto.source, store, {
        projection,
        opener: crypto.termOpener,
        signal: abort.signal,
        onProgress: (p) => progress.update(formatRebuildProgress(p), p.position >= p.head),
      });
      progress.end();
      process.stdout.write(`${formatRebuildSummary(result)}\n`);
      return 0;
    } catch (error) {
      progress.end();
      if (abort.signal.aborted) {
        process.stderr.write(`rebuild of ${projection} interrupted; the live generation keeps serving\n`);
        return 130;
      }
      throw error;
    } finally {
      await store.close();
    }
  } finally {
    await events.close();
  }
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
