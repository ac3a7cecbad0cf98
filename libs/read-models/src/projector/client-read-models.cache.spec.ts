import { join } from 'node:path';
import type { ClientEvent, CreditRating } from '@crm/domain';
import { RecordedLog, scratchDir, specClients } from '@crm/testing';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { ClientReadModelsProjector } from './client-read-models.projector';

const { clientId, registered } = specClients('ca');

const rated = (to: CreditRating): ClientEvent => ({
  type: 'CreditRatingChanged',
  data: { from: null, to, notches: 0, reason: 'annual review' },
});

/**
 * The projector's cache of committed views, given a room for two: a batch that touched more views
 * than that leaves the cache empty (a catch-up's batches would otherwise carry a few thousand of
 * their views into the next one), a smaller one leaves its views there for the next batch.
 */
describe('the projector keeps committed views between batches', () => {
  let scratch: ReturnType<typeof scratchDir>;
  let store: SqliteReadModelStore;
  let projector: ClientReadModelsProjector;
  let loaded: string[][];
  let log: RecordedLog;
  let checkpoint: bigint;

  const project = async (...events: readonly (readonly [number, ClientEvent])[]): Promise<void> => {
    const recorded = events.map(([n, event]) => log.append(`client-${clientId(n)}`, event));
    checkpoint = await projector.projectBatch(checkpoint, recorded);
  };

  beforeEach(() => {
    scratch = scratchDir('crm-rm-view-cache');
    log = new RecordedLog();
    checkpoint = 0n;
    store = SqliteReadModelStore.open(join(scratch.path, 'crm.read-models.sqlite'));
    projector = new ClientReadModelsProjector(store, 'client-view', { cachedViews: 2 });
    loaded = [];
    const loadViews = store.clientViews.loadViews.bind(store.clientViews);
    jest.spyOn(store.clientViews, 'loadViews').mockImplementation(async (ids) => {
      loaded.push([...ids].sort());
      return loadViews(ids);
    });
  });
  afterEach(async () => {
    await store.close();
    scratch.cleanup();
  });

  it('empties the cache after a batch of more views than it holds, and keeps a smaller batch views', async () => {
    await project([1, registered(1)], [2, registered(2)], [3, registered(3)]);
    loaded = [];

    await project([1, rated('BBB')], [2, rated('BBB')], [3, rated('BBB')]);
    expect(loaded).toEqual([[clientId(1), clientId(2), clientId(3)]]);

    loaded = [];
    await project([1, rated('A')], [2, rated('A')]);
    expect(loaded).toEqual([[clientId(1), clientId(2)]]);

    loaded = [];
    await project([1, rated('AA')], [2, rated('AA')]);
    expect(loaded).toEqual([]);

    const ratings = await Promise.all(
      [1, 2, 3].map(async (n) => (await store.clientViews.getClientView(clientId(n)))?.credit),
    );
    expect(ratings).toMatchObject([{ rating: 'AA' }, { rating: 'AA' }, { rating: 'BBB' }]);
  });
});
