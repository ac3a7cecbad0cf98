import type { RecordedEvent } from '@crm/event-store';
import { ClientReadModelsProjector, type SqlReadModelStore } from '@crm/read-models';
import type { ReadModelStoreFactory } from './read-model-store.contract';
import type { RecordedLog } from './recorded-events';

/** A read-model store the client read models' projector filled from a log, for a suite's queries. */
export type ProjectedReadModels<Q> = Readonly<{
  store: SqlReadModelStore;
  queries: Q;
  log: RecordedLog;
  /** Projects `events` as the next batch: those at or before what is projected already are skipped. */
  project(events: readonly RecordedEvent[]): Promise<void>;
}>;

/**
 * Registers the suite's beforeAll (a new database, `buildLog` projected in one batch) and afterAll
 * (closed, disposed); call it inside `describe`. The fields are set once beforeAll has run.
 */
export const projectedReadModels = <Q>(
  factory: ReadModelStoreFactory,
  buildLog: () => RecordedLog,
  queriesOf: (store: SqlReadModelStore) => Q,
): ProjectedReadModels<Q> => {
  let store: SqlReadModelStore;
  let queries: Q;
  let log: RecordedLog;
  let checkpoint = 0n;
  const project = async (events: readonly RecordedEvent[]): Promise<void> => {
    checkpoint = await new ClientReadModelsProjector(store).projectBatch(checkpoint, events);
  };

  beforeAll(async () => {
    store = await (await factory.create()).open();
    queries = queriesOf(store);
    log = buildLog();
    await project(log.events);
  });

  afterAll(async () => {
    await store.close();
    await factory.dispose();
  });

  return {
    get store() {
      return store;
    },
    get queries() {
      return queries;
    },
    get log() {
      return log;
    },
    project,
  };
};
