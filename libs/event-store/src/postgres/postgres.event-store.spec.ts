import { Client } from 'pg';
import type { Command, Decider, Event } from '@crm/domain';
import {
  createTestSchema,
  describeWithPostgres,
  eventStoreContract,
  eventually,
  POSTGRES_TEST_URL,
  sampleNewEvent,
} from '@crm/testing';
import { quoteIdentifier } from '@crm/sql';
import { ConcurrencyError, type NewEvent, type RecordedEvent, type Subscription } from '../event-store.port';
import { DuplicateEventIdError } from '../duplicate-event-id.error';
import { handleCommand, type CommandContext } from '../command-handling/handle-command';
import { WrongExpectedRevisionError } from '../command-handling/wrong-expected-revision.error';
import { toAppendGroupParams, type PendingAppend } from './postgres.append-group';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres.event-store';

type Incremented = Event<'Incremented', { by: number }>;
type Increment = Command<'Increment', { by: number }>;
type Counter = { value: number };

/** Pure test decider, as in handle-command.spec.ts. */
const counter: Decider<Counter, Increment, Incremented> = {
  initialState: () => ({ value: 0 }),
  evolve: (state, event) => ({ value: state.value + event.data.by }),
  decide: (command) => [{ type: 'Incremented', data: { by: command.data.by } }],
};
const increment: Increment = {
  type: 'Increment',
  data: { by: 1 },
  metadata: { now: '2024-06-01T00:00:00.000Z', actor: { userId: 'u-1', role: 'relationship_manager' } },
};
const context: CommandContext = {
  correlationId: 'c',
  causationId: 'c',
  actor: { userId: 'u-1', role: 'relationship_manager' },
};

const positionsOf = (events: readonly RecordedEvent[]): bigint[] => events.map((event) => event.position);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls the append function inside a transaction the test controls, as another process would,
 * so the test can hold a low position uncommitted while others commit above it.
 */
const appendInOpenTransaction = async (
  client: Client,
  schema: string,
  streamId: string,
  events: readonly NewEvent[],
) => {
  const pending: PendingAppend = {
    streamId,
    events,
    expected: 'any',
    attempts: 0,
    resolve: () => undefined,
    reject: () => undefined,
  };
  await client.query('BEGIN');
  const { rows } = await client.query<{ out_position: string }>(
    `SELECT out_position FROM ${quoteIdentifier(schema)}.event_store_append($1, $2, $3, $4, $5, $6, $7, $8)`,
    toAppendGroupParams([pending]),
  );
  return BigInt(rows[0].out_position);
};

describeWithPostgres('PostgresEventStore', () => {
  eventStoreContract('postgres', async () => {
    const { schema, drop } = await createTestSchema('crm_es_contract');
    const store = await PostgresEventStore.open({ connectionString: POSTGRES_TEST_URL, schema, poolSize: 4 });
    return {
      store,
      teardown: async () => {
        await store.close();
        await drop();
      },
    };
  });

  describe('on PostgreSQL', () => {
    let schema: string;
    let drop: () => Promise<void>;
    const opened: PostgresEventStore[] = [];
    const clients: Client[] = [];
    const subscriptions: Subscription[] = [];

    const open = async (options: Partial<PostgresEventStoreOptions> = {}) => {
      const store = await PostgresEventStore.open({
        connectionString: POSTGRES_TEST_URL,
        schema,
        poolSize: 3,
        ...options,
      });
      opened.push(store);
      return store;
    };
    const connect = async () => {
      const client = new Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      ({ schema, drop } = await createTestSchema('crm_es_pg'));
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await Promise.all(clients.splice(0).map((client) => client.end()));
      await Promise.all(opened.splice(0).map((store) => store.close()));
      await drop();
    });

    it('refuses a schema name that is not a plain lower-case identifier', async () => {
      await expect(
        PostgresEventStore.open({ connectionString: POSTGRES_TEST_URL, schema: 'crm"; DROP' }),
      ).rejects.toThrow(/invalid PostgreSQL schema name/);
    });

    it('does not let readAll, headPosition or a subscription pass a lower position that has not committed', async () => {
      const store = await open();
      const first = await store.appendToStream('before', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      const holder = await connect();
      const low = await appendInOpenTransaction(holder, schema, 'held', [sampleNewEvent('Held')]);
      const high = await store.appendToStream('after', [sampleNewEvent('Later')], { expectedRevision: 'no_stream' });
      expect(high.position).toBeGreaterThan(low);

      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 0n }, async (batch) => {
        received.push(...batch);
      });
      subscriptions.push(subscription);
      await subscription.caughtUp;
      await sleep(300);
      expect(positionsOf(await store.readAll())).toEqual([first.position]);
      expect(await store.headPosition()).toBe(first.position);
      expect(positionsOf(received)).toEqual([first.position]);
      expect(subscription.position()).toBe(first.position);

      await holder.query('COMMIT');
      await eventually(() => received.length === 3);
      expect(positionsOf(received)).toEqual([first.position, low, high.position]);
      expect(positionsOf(await store.readAll())).toEqual([first.position, low, high.position]);
      expect(await store.headPosition()).toBe(high.position);
    });

    it('a subscription is caught up only with its own process’s acknowledged appends, while an unrelated transaction holds the horizon a moment', async () => {
      const store = await open();
      // A transaction of anything else on the server (another schema, another database) that has
      // an id holds pg_snapshot_xmin below every later commit until it ends.
      const elsewhere = await connect();
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      const appended = [];
      for (let n = 0; n < 5; n++) {
        appended.push(await store.appendToStream(`own-${n}`, [sampleNewEvent()], { expectedRevision: 'no_stream' }));
      }
      const ended = sleep(300).then(() => elsewhere.query('COMMIT'));

      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 0n }, async (batch) => {
        received.push(...batch);
      });
      subscriptions.push(subscription);
      await subscription.caughtUp;
      expect(positionsOf(received)).toEqual(appended.map((result) => result.position));
      await ended;
    });

    it('gap-safety: 8 concurrent writers append 20,000 events; 3 readers each see every one once, in position order', async () => {
      const TOTAL = 20_000;
      const writerStores = await Promise.all(Array.from({ length: 6 }, () => open({ poolSize: 2 })));
      const slowClients = await Promise.all(Array.from({ length: 2 }, () => connect()));
      const probe = await connect();
      const readerStores = await Promise.all(Array.from({ length: 3 }, () => open({ poolSize: 2 })));

      const seen = readerStores.map(() => [] as RecordedEvent[]);
      let outOfOrder = 0;
      readerStores.forEach((reader, index) => {
        subscriptions.push(
          reader.subscribeToAll({ after: 0n, batchSize: 700 }, async (batch) => {
            const log = seen[index];
            for (const event of batch) {
              if (log.length > 0 && event.position <= log[log.length - 1].position) outOfOrder += 1;
              log.push(event);
            }
          }),
        );
      });

      let claimed = 0;
      const claim = (wanted: number): number => {
        const count = Math.min(wanted, TOTAL - claimed);
        claimed += count;
        return count;
      };
      const batchOf = (count: number) => Array.from({ length: count }, (_, n) => sampleNewEvent('Proof', { n }));
      // Six writers through the store (group commit, two groups in flight each), four callers each.
      const storeWriter = async (store: PostgresEventStore, writer: number) => {
        for (
          let count = claim(1 + (claimed % 7 === 0 ? 2 : 0));
          count > 0;
          count = claim(1 + (claimed % 7 === 0 ? 2 : 0))
        ) {
          await store.appendToStream(`proof-${writer}-${claimed % 50}`, batchOf(count), { expectedRevision: 'any' });
        }
      };
      // Two writers that hold their low positions open while everyone else commits above them.
      let overtaken = 0;
      const slowWriter = async (client: Client, writer: number) => {
        for (let count = claim(1 + (claimed % 4)); count > 0; count = claim(1 + (claimed % 4))) {
          const position = await appendInOpenTransaction(
            client,
            schema,
            `slow-${writer}-${claimed % 20}`,
            batchOf(count),
          );
          await client.query('SELECT pg_sleep(0.015)');
          const { rows } = await probe.query<{ above: boolean }>(
            `SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(schema)}.events WHERE position > $1) AS above`,
            [position.toString()],
          );
          if (rows[0].above) overtaken += 1;
          await client.query('COMMIT');
        }
      };
      await Promise.all([
        ...writerStores.flatMap((store, writer) => Array.from({ length: 4 }, () => storeWriter(store, writer))),
        ...slowClients.map((client, writer) => slowWriter(client, writer)),
      ]);

      const all = await writerStores[0].readAll();
      expect(all).toHaveLength(TOTAL);
      await eventually(() => seen.every((log) => log.length >= TOTAL), 20_000);
      await sleep(100);
      expect(outOfOrder).toBe(0);
      const expectedIds = all.map((event) => event.eventId);
      for (const log of seen) {
        expect(log).toHaveLength(TOTAL);
        expect(log.map((event) => event.eventId)).toEqual(expectedIds);
      }
      // The hazard really happened: committed events sat above positions still uncommitted.
      expect(overtaken).toBeGreaterThan(0);
    }, 60_000);

    it('two stores on one schema: one of many appends with the same expected revision wins', async () => {
      const [a, b] = [await open(), await open()];
      await a.appendToStream('shared', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 === 0 ? a : b).appendToStream('shared', [sampleNewEvent()], { expectedRevision: 0 }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
      }
      expect((await b.readStream('shared')).map((event) => event.revision)).toEqual([0, 1]);
    });

    it("two stores on one schema: a subscription on one is woken by NOTIFY for the other's appends", async () => {
      const a = await open();
      // Polling far slower than the test: only the notification can deliver in time.
      const b = await open({ pollIntervalMs: 60_000 });
      const received: RecordedEvent[] = [];
      const subscription = b.subscribeToAll({ after: 0n }, async (batch) => {
        received.push(...batch);
      });
      subscriptions.push(subscription);
      await subscription.caughtUp;
      await a.appendToStream('from-a', [sampleNewEvent(), sampleNewEvent()], { expectedRevision: 'no_stream' });
      await eventually(() => received.length === 2, 3000);
    });

    it('group commit: of many concurrent appends only the failing ones reject', async () => {
      const store = await open();
      await store.appendToStream('clash', [sampleNewEvent()], { expectedRevision: 'no_stream' });
      const taken = sampleNewEvent();
      await store.appendToStream('owner', [taken], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) =>
          i === 100
            ? store.appendToStream('clash', [sampleNewEvent()], { expectedRevision: 5 })
            : i === 150
              ? store.appendToStream('thief', [sampleNewEvent(), taken], { expectedRevision: 'any' })
              : store.appendToStream(`s-${i}`, [sampleNewEvent(), sampleNewEvent()], { expectedRevision: 'no_stream' }),
        ),
      );
      outcomes.forEach((outcome, i) => {
        if (i === 100) expect(outcome.status === 'rejected' && outcome.reason instanceof ConcurrencyError).toBe(true);
        else if (i === 150)
          expect(outcome.status === 'rejected' && outcome.reason instanceof DuplicateEventIdError).toBe(true);
        else expect(outcome.status).toBe('fulfilled');
      });
      const all = await store.readAll();
      expect(all).toHaveLength(2 + 198 * 2);
      // One group, one transaction: every event of the group carries the same commit time.
      expect(new Set(all.slice(2).map((event) => event.recordedAt)).size).toBe(1);
      expect(await store.readStream('thief')).toEqual([]);
    });

    it('commits queued appends on close', async () => {
      const store = await open();
      const pending = Array.from({ length: 20 }, (_, i) =>
        store.appendToStream(`close-${i}`, [sampleNewEvent()], { expectedRevision: 'any' }),
      );
      await store.close();
      expect(await Promise.all(pending)).toHaveLength(20);
      const reopened = await open();
      expect(await reopened.readAll()).toHaveLength(20);
    });

    it('handleCommand: 100 parallel commands on one stream from two stores all succeed, clashes retried', async () => {
      const [a, b] = [await open(), await open()];
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => handleCommand(i % 2 === 0 ? a : b, 'hot', counter, increment, context)),
      );
      expect(new Set(results.map((result) => result.revision)).size).toBe(100);
      expect((await a.readStream('hot')).map((event) => event.revision)).toEqual([...Array(100).keys()]);
    });

    it('handleCommand: 20 parallel commands with the same expected revision give exactly one success', async () => {
      const [a, b] = [await open(), await open()];
      await handleCommand(a, 'pinned', counter, increment, context);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          handleCommand(i % 2 === 0 ? a : b, 'pinned', counter, increment, context, { expectedRevision: 0 }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(rejected).toHaveLength(19);
      for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
    });
  });
});
