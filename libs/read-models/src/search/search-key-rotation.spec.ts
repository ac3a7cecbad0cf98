import { randomBytes } from 'node:crypto';
import { PLAINTEXT_OPENER } from '@crm/event-store';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, RecordedLog } from '@crm/testing';
import { ClientReadModelsProjector } from '../projector/client-read-models.projector';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import type { SqlReadModelStore, SqlReadModelStoreOptions } from '../sql/sql.read-model-store';
import { SEARCH_STATE_TTL_MS } from '../sql/sql.search-index';
import { rotateSearchKey, type SearchKeyRotationProgress } from './search-key-rotation';
import type { SearchKeySource } from './search-keys';

/** Keys by version, as the key ring keeps them: made on first use, gone once destroyed. */
class TestSearchKeys implements SearchKeySource {
  readonly keys = new Map<number, Buffer>();
  readonly destroyed = new Set<number>();

  async key(version: number): Promise<Buffer> {
    if (this.destroyed.has(version)) throw new Error(`key v${version} was destroyed`);
    let key = this.keys.get(version);
    if (key === undefined) this.keys.set(version, (key = randomBytes(32)));
    return key;
  }

  async destroy(version: number): Promise<void> {
    this.keys.delete(version);
    this.destroyed.add(version);
  }
}

const id = (n: number): string => `0190a4c2-1e9a-7000-8000-${String(n).padStart(12, '0')}`;
const NAMES = [
  'Anhui Grain Co.',
  'Anhui Steel Works',
  'Beijing Logistics',
  'Shanghai Tools',
  'Anqing Textiles',
  'Wuxi Fans',
];

const rotationSuite = (
  engine: string,
  open: (options: SqlReadModelStoreOptions) => Promise<SqlReadModelStore>,
): void => {
  describe(`search key rotation: ${engine}`, () => {
    let store: SqlReadModelStore;
    let projector: ClientReadModelsProjector;
    let checkpoint = 0n;
    const keys = new TestSearchKeys();
    const log = new RecordedLog();

    const project = async (): Promise<void> => {
      checkpoint = await projector.projectBatch(
        checkpoint,
        log.events.filter((event) => event.position > checkpoint),
      );
    };
    const found = async (q: string): Promise<string[]> =>
      (await store.clientLists.searchRows({ q, limit: 200 }, '', 200)).map((item) => item.id);
    const rename = (n: number, legalName: string): void => {
      log.append(`client-${id(n)}`, { type: 'ClientProfileUpdated', data: { changes: { legalName } } });
    };

    beforeAll(async () => {
      store = await open({ searchKeys: keys, generationPollMs: 0 });
      projector = new ClientReadModelsProjector(store);
      NAMES.forEach((legalName, index) =>
        log.coveredClient(id(index + 1), {
          branchId: 'BR-1',
          managerId: 'M-1',
          legalName,
          registrationNo: `9131${index + 1}AB`,
        }),
      );
      await project();
    });

    afterAll(async () => {
      await store.close();
    });

    it('re-keys the index while searches go on, then destroys the old key', async () => {
      expect(await found('anhui')).toEqual([id(1), id(2)]);
      const seen: SearchKeyRotationProgress[] = [];
      let done = false;
      const rotation = rotateSearchKey(store.searchKeyRotation(), PLAINTEXT_OPENER, keys, {
        chunk: 1,
        // As long as a search may go on using the old version it read just before the switch.
        graceMs: SEARCH_STATE_TTL_MS + 100,
        onProgress: (progress) => seen.push(progress),
      }).finally(() => (done = true));
      const answers: string[][] = [];
      while (!done) {
        answers.push(await found('anhui'), await found('9131'));
        // SQLite answers without I/O: let the rotation's timers run too.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const rotated = await rotation;
      expect(rotated).toEqual({ from: 1, to: 2, clients: 6, dropped: expect.any(Number) });
      expect(rotated.dropped).toBeGreaterThan(0);
      expect(seen.map((p) => p.phase)).toEqual([
        ...Array<string>(6).fill('back-fill'),
        ...seen.slice(6).map(() => 'retire'),
      ]);
      // Every search during the rotation answered as before it: old key, then new, never neither.
      expect(answers.length).toBeGreaterThan(2);
      expect(new Set(answers.map((ids) => ids.join()))).toEqual(
        new Set([[id(1), id(2)].join(), [1, 2, 3, 4, 5, 6].map(id).join()]),
      );
      expect(keys.destroyed).toEqual(new Set([1]));
      expect(await store.searchKeyRotation().state()).toEqual({ activeVersion: 2, nextVersion: null });
      expect(await found('anhui')).toEqual([id(1), id(2)]);
      expect(await found('9131')).toEqual([1, 2, 3, 4, 5, 6].map(id));
    });

    it('keeps the renamed clients right when the projector commits while the next version is named', async () => {
      const steps = store.searchKeyRotation();
      const begun = await steps.begin();
      expect(begun).toEqual({ activeVersion: 2, nextVersion: 3 });
      // A batch while version 3 is being filled writes both versions' terms of the clients it touches.
      rename(3, 'Anhui Logistics');
      await project();
      const read = await steps.columns('', 100);
      rename(4, 'Anhui Tools');
      await project();
      // Client 4 changed since it was read: the back-fill leaves it to the batch that changed it.
      const written = await steps.backfill(
        3,
        read,
        read.map((row) => ({ clientId: row.clientId, legalName: row.legalName, registrationNo: row.registrationNo })),
      );
      expect(written).toBe(5);
      await steps.finish(3);
      expect(await found('anhui')).toEqual([id(1), id(2), id(3), id(4)]);
    });
  });
};

rotationSuite('SQLite', async (options) => SqliteReadModelStore.open(':memory:', options));

describeWithPostgres('search key rotation on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  rotationSuite('PostgreSQL', async (options) => {
    const { schema, drop } = await createTestSchema('crm_search_keys');
    drops.push(drop);
    return PostgresReadModelStore.open({ connectionString: POSTGRES_TEST_URL, schema, ...options });
  });
});
