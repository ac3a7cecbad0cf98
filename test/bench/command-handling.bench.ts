import type { ClientState } from '@crm/domain';
import { StreamStateCache } from '@crm/event-store';
import { registerClients, runCommands } from './command-cases';
import type { BenchReport } from './report';
import { withTempEncryptedSqliteStore, withTempSqliteStore } from './temp-store';

/**
 * Commands on a durable SQLite file, one at a time and 16 in flight, each case on a fresh file;
 * without and with the StreamStateCache the API uses; then as the apps run it, behind the
 * crypto-shredding layer.
 */
export async function commandHandlingBench(report: BenchReport): Promise<void> {
  for (const cached of [false, true]) {
    for (const concurrency of [1, 16]) {
      await withTempSqliteStore(async (store) => {
        await registerClients(store, 1);
        await runCommands(report, store, {
          store: 'sqlite',
          concurrency,
          target: concurrency === 1 ? 3_000 : 10_000,
          cache: cached ? new StreamStateCache() : undefined,
          notes: 'synchronous=FULL',
        });
      });
    }
  }
  for (const concurrency of [1, 16]) {
    await withTempEncryptedSqliteStore(async (store) => {
      const cache = new StreamStateCache<ClientState>();
      await registerClients(store, 1, cache);
      await runCommands(report, store, {
        store: 'sqlite + encryption',
        concurrency,
        target: concurrency === 1 ? 3_000 : 10_000,
        cache,
        notes: 'synchronous=FULL, EncryptingEventStore (per-client data keys), state cache',
      });
    });
  }
}
