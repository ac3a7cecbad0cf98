import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store';

/**
 * A fresh, durable (synchronous=FULL) SQLite store in its own temp directory, removed afterwards.
 * Benches measure what production gets, so no relaxed durability here.
 */
export async function withTempSqliteStore<T>(use: (store: SqliteEventStore, path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const path = join(dir, 'events.db');
  const store = SqliteEventStore.open(path, { synchronous: 'FULL' });
  try {
    return await use(store, path);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
