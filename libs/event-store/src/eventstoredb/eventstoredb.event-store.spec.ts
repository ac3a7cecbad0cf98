import { randomUUID } from 'node:crypto';
import { eventStoreContract } from '@crm/testing';
import { SqliteCheckpointStore } from './checkpoint-store';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

/**
 * The shared contract against a real EventStoreDB, when EVENTSTOREDB_URL names one (e.g.
 * `esdb://localhost:2113?tls=false`). None can be installed on the development machines, so
 * without it the suite is skipped with one line saying why, under CI=true as well.
 *
 * `$all` on a server is shared by every test and every earlier run, so each test gets a store
 * scoped to a fresh namespace: it sees only its own streams, and its log starts empty.
 */
const url = process.env.EVENTSTOREDB_URL;
const name = 'eventstoredb';

if (url === undefined || url === '') {
  process.stderr.write(
    `skipping "EventStore contract: ${name}": EVENTSTOREDB_URL is not set (no EventStoreDB server here)\n`,
  );
  // Skipped: no EventStoreDB server can run on these machines; set EVENTSTOREDB_URL to run it.
  describe.skip(`EventStore contract: ${name} (EVENTSTOREDB_URL is not set)`, () => {
    it('runs against a real server only', () => undefined);
  });
} else {
  eventStoreContract(
    name,
    async () => {
      const store = EventStoreDbEventStore.open({
        connectionString: url,
        checkpoints: SqliteCheckpointStore.open(':memory:'),
        namespace: `crm-contract-${randomUUID()}/`,
      });
      return { store, teardown: () => store.close() };
    },
    { strictEventIds: false },
  );
}
