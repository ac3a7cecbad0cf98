import { StreamStateCache } from '@crm/event-store';
import { registerClients, runCommands } from './command-cases';
import type { BenchReport } from './report';
import { withTempSqliteStore } from './temp-store';

/**
 * Commands on a durable SQLite file, one at a time and 16 in flight, each case on a fresh file;
 * without and with the StreamStateCache the API uses.
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
}
