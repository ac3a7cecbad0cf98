import { join } from 'node:path';
import type { ClientEvent } from '@crm/domain';
import { RecordedLog, scratchDir, specClients } from '@crm/testing';
import type { SearchValues } from '../sql/sql.search-index';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { ClientReadModelsProjector } from './client-read-models.projector';

const { clientId, registered } = specClients('cb');

const updated = (changes: Extract<ClientEvent, { type: 'ClientProfileUpdated' }>['data']['changes']): ClientEvent => ({
  type: 'ClientProfileUpdated',
  data: { changes },
});

/**
 * Which clients a batch hands to the search index: those whose name, registration number or
 * erasure it changed, not every client a searched event type touched.
 */
describe('the projector re-indexes a client for search only when what it is found by changed', () => {
  let scratch: ReturnType<typeof scratchDir>;
  let store: SqliteReadModelStore;
  let projector: ClientReadModelsProjector;
  let indexed: SearchValues[][];
  let log: RecordedLog;
  let checkpoint: bigint;

  const project = async (...events: readonly (readonly [number, ClientEvent])[]): Promise<void> => {
    const recorded = events.map(([n, event]) => log.append(`client-${clientId(n)}`, event));
    checkpoint = await projector.projectBatch(checkpoint, recorded);
  };

  const found = async (q: string): Promise<string[]> =>
    (await store.clientLists.searchRows({ q, limit: 10 }, '', 10)).map((item) => item.id);

  beforeEach(() => {
    scratch = scratchDir('crm-rm-search-changes');
    log = new RecordedLog();
    checkpoint = 0n;
    store = SqliteReadModelStore.open(join(scratch.path, 'crm.read-models.sqlite'));
    projector = new ClientReadModelsProjector(store);
    indexed = [];
    const commit = store.commit.bind(store);
    jest.spyOn(store, 'commit').mockImplementation(async (name, from, to, changes) => {
      indexed.push([...changes.searchValues]);
      return commit(name, from, to, changes);
    });
  });
  afterEach(async () => {
    await store.close();
    scratch.cleanup();
  });

  it('indexes a registration, a rename and an erasure, and skips an update of other fields', async () => {
    await project([1, registered(1)], [2, registered(2)]);
    expect(indexed.pop()?.map((values) => values.clientId)).toEqual([clientId(1), clientId(2)]);

    await project([1, updated({ industry: 'retail' })], [2, updated({ contact: { phone: '+86 9' } })]);
    expect(indexed.pop()).toEqual([]);

    await project([1, updated({ industry: 'logistics' })], [2, updated({ legalName: 'Renamed client 2' })]);
    expect(indexed.pop()).toEqual([
      { clientId: clientId(2), legalName: 'Renamed client 2', registrationNo: 'REG-cb-2' },
    ]);
    expect(await found('renamed')).toEqual([clientId(2)]);
    expect(await found('client cb 2')).toEqual([]);
    expect(await found('client cb 1')).toEqual([clientId(1)]);

    await project([1, { type: 'PersonalDataErased', data: { requestedBy: 'u-dpo', basis: 'PIPL art. 47' } }]);
    expect(indexed.pop()).toEqual([{ clientId: clientId(1), legalName: null, registrationNo: null }]);
    expect(await found('client cb 1')).toEqual([]);
  });
});
