import {
  Inject,
  Injectable,
  Module,
  Optional,
  type DynamicModule,
  type FactoryProvider,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  EncryptingEventStore,
  EVENT_STORE,
  OPEN_ONCE,
  PLAINTEXT_OPENER,
  type EventStore,
  type PersonalDataOpener,
} from '@crm/event-store';
import { releaseHeapAfterLongCatchUp } from './projector/heap-release-after-catch-up';
import { keyRingSearchKeys, type SearchKeySource } from './search/search-keys';
import { openingReadModelStore } from './store/opening-read-model-store';
import { Leadership, runWorker, type SingletonWorker } from '@crm/platform';
import { AlertQueries } from './alerts/alert.queries';
import { AgendaQueries } from './agenda/agenda.queries';
import { ComplaintQueries } from './complaints/complaint.queries';
import { FeedbackQueries } from './feedback/feedback.queries';
import { ServiceLevelQueries } from './service-levels/service-level.queries';
import { PipelineQueries } from './pipeline/pipeline.queries';
import { RiskCaseQueries } from './risk-cases/risk-case.queries';
import { ClientListQueries } from './client-list/client-list.queries';
import { ClientViewQueries } from './client-view/client-view.queries';
import { CLIENT_READ_MODELS_PROJECTION, ClientReadModelsProjector } from './projector/client-read-models.projector';
import { ProjectionRunner } from './projector/projection-runner';
import type { ProjectionLogger } from './projector/projection-runner';
import { PostgresReadModelStore } from './postgres/postgres.read-model-store';
import { SqliteReadModelStore } from './sqlite/sqlite.read-model-store';
import type { ReadModelStore } from './store/read-model-store.port';
import type { SqlReadModelStore } from './sql/sql.read-model-store';

/** The store as the projector writes it: personal fields as tokens. */
export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
/** The store as queries read it: tokens opened (openingReadModelStore). */
export const OPENED_READ_MODEL_STORE = Symbol('OPENED_READ_MODEL_STORE');
export const READ_MODEL_CRYPTO = Symbol('READ_MODEL_CRYPTO');
/** The projector's lease: one projector per read-model store, whichever process runs it. */
export const PROJECTOR_LEASE = 'projector';
const READ_MODELS_OPTIONS = Symbol('READ_MODELS_OPTIONS');

/**
 * Where the read models live. `kind` may be left out for SQLite, so the embedded default reads as
 * it always has.
 */
export type ReadModelStoreLocation =
  | Readonly<{
      kind?: 'sqlite';
      /** SQLite file of the read models (READ_MODEL_PATH). */
      readModelPath: string;
      /** Its page cache (SQLITE_CACHE_MIB); default 64 MiB. */
      cacheSizeKiB?: number;
    }>
  | Readonly<{
      kind: 'postgres';
      /** DATABASE_URL. */
      connectionString: string;
      /** Default `crm`, the event store's schema. */
      schema?: string;
    }>;

export type ReadModelsModuleOptions = ReadModelStoreLocation &
  Readonly<{
    /** Run the client read models' projector in this process (embedded mode, standalone projector). */
    runProjector: boolean;
    batchSize?: number;
    /** See ProjectionRunnerOptions (PROJECTION_CATCH_UP_BATCH_SIZE). */
    catchUpBatchSize?: number;
    /** See ClientReadModelsProjectorOptions (PROJECTION_CACHED_VIEWS). */
    cachedViews?: number;
    progressEvery?: number;
    logger?: ProjectionLogger;
  }>;

/** The store at `location`, migrated; also what the rebuild command opens (with `readModelCrypto(eventStore).searchKeys`). */
export const openReadModelStore = async (
  location: ReadModelStoreLocation,
  options: Readonly<{ searchKeys?: SearchKeySource }> = {},
): Promise<SqlReadModelStore> =>
  location.kind === 'postgres'
    ? PostgresReadModelStore.open({
        connectionString: location.connectionString,
        schema: location.schema,
        searchKeys: options.searchKeys,
      })
    : SqliteReadModelStore.open(location.readModelPath, {
        cacheSizeKiB: location.cacheSizeKiB,
        searchKeys: options.searchKeys,
      });

/** How the read models keep personal data, given the event store the app opened. */
export type ReadModelCrypto = Readonly<{
  /** The log as the projector reads it: sealed fields as tokens. */
  source: EventStore;
  /** Opens tokens for queries, remembering what the reads open again and again. */
  opener: PersonalDataOpener;
  /**
   * Opens the names the projector, a rebuild or a search-key rotation indexes: each once, so
   * neither its text nor its key is kept (a catch-up would fill the reads' memory with every
   * client's name and key before anyone reads one).
   */
  termOpener: PersonalDataOpener;
  /** The search index's keys; undefined: unprotected (a store without crypto-shredding). */
  searchKeys?: SearchKeySource;
}>;

/**
 * With crypto-shredding (every app's store), personal fields reach the read models as tokens and
 * the search index is keyed from the data-key ring; a bare store's plaintext goes in as it is.
 */
export const readModelCrypto = (eventStore: EventStore): ReadModelCrypto =>
  eventStore instanceof EncryptingEventStore
    ? {
        source: eventStore.forReadModels(),
        opener: eventStore.personalDataOpener(),
        termOpener: eventStore.personalDataOpener(OPEN_ONCE),
        searchKeys: keyRingSearchKeys(eventStore.keyRing),
      }
    : { source: eventStore, opener: PLAINTEXT_OPENER, termOpener: PLAINTEXT_OPENER };

/**
 * Starts the projector once the application is up (behind its lease when the process has a
 * Leadership, so one replica projects), stops it before anything closes, and closes the
 * read-model store last (Nest runs every onModuleDestroy before any onApplicationShutdown, so the
 * event store is never closed under a running batch).
 */
@Injectable()
class ReadModelsLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private singleton: SingletonWorker | null = null;

  constructor(
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsModuleOptions,
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly runner: ProjectionRunner,
    @Optional() private readonly leadership?: Leadership,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runProjector) return;
    this.singleton = await runWorker(this.leadership, PROJECTOR_LEASE, this.runner);
  }

  async onModuleDestroy(): Promise<void> {
    await this.singleton?.stop();
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** The provider of queries that read the store alone. */
const storeQueries = <T>(type: new (store: ReadModelStore) => T): FactoryProvider<T> => ({
  provide: type,
  inject: [OPENED_READ_MODEL_STORE],
  useFactory: (store: ReadModelStore) => new type(store),
});

/**
 * The client read models for Nest apps. Needs EVENT_STORE from `EventStoreModule.forRoot` (global).
 * Exports READ_MODEL_STORE, ProjectionRunner (health, rebuild), ClientViewQueries, ClientListQueries
 * and AlertQueries (the API's reads). Global, like the event store: feature modules (alerts, the
 * alert feed) read the one store the app opened rather than opening their own.
 */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsModuleOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      global: true,
      providers: [
        { provide: READ_MODELS_OPTIONS, useValue: options },
        { provide: READ_MODEL_CRYPTO, inject: [EVENT_STORE], useFactory: readModelCrypto },
        {
          provide: READ_MODEL_STORE,
          inject: [READ_MODEL_CRYPTO],
          useFactory: (crypto: ReadModelCrypto) => openReadModelStore(options, { searchKeys: crypto.searchKeys }),
        },
        {
          provide: OPENED_READ_MODEL_STORE,
          inject: [READ_MODEL_STORE, READ_MODEL_CRYPTO],
          useFactory: (store: ReadModelStore, crypto: ReadModelCrypto) => openingReadModelStore(store, crypto.opener),
        },
        {
          provide: ClientReadModelsProjector,
          inject: [READ_MODEL_STORE, READ_MODEL_CRYPTO],
          useFactory: (store: ReadModelStore, crypto: ReadModelCrypto) =>
            new ClientReadModelsProjector(store, CLIENT_READ_MODELS_PROJECTION, {
              cachedViews: options.cachedViews,
              opener: crypto.termOpener,
            }),
        },
        {
          provide: ProjectionRunner,
          inject: [READ_MODEL_CRYPTO, READ_MODEL_STORE, ClientReadModelsProjector],
          useFactory: (crypto: ReadModelCrypto, store: ReadModelStore, projector: ClientReadModelsProjector) =>
            new ProjectionRunner(crypto.source, store, projector, {
              batchSize: options.batchSize,
              catchUpBatchSize: options.catchUpBatchSize,
              progressEvery: options.progressEvery,
              logger: options.logger,
              onCaughtUp: releaseHeapAfterLongCatchUp(options.logger),
            }),
        },
        {
          provide: ClientViewQueries,
          inject: [OPENED_READ_MODEL_STORE, ProjectionRunner],
          useFactory: (store: ReadModelStore, runner: ProjectionRunner) =>
            new ClientViewQueries(store, CLIENT_READ_MODELS_PROJECTION, options.runProjector ? runner : null),
        },
        {
          provide: ClientListQueries,
          inject: [OPENED_READ_MODEL_STORE, ClientViewQueries],
          useFactory: (store: ReadModelStore, views: ClientViewQueries) => new ClientListQueries(store, views),
        },
        {
          provide: AlertQueries,
          inject: [OPENED_READ_MODEL_STORE, ClientViewQueries],
          useFactory: (store: ReadModelStore, views: ClientViewQueries) => new AlertQueries(store, views),
        },
        storeQueries(PipelineQueries),
        storeQueries(AgendaQueries),
        storeQueries(RiskCaseQueries),
        storeQueries(ComplaintQueries),
        storeQueries(FeedbackQueries),
        storeQueries(ServiceLevelQueries),
        ReadModelsLifecycle,
      ],
      exports: [
        READ_MODEL_STORE,
        OPENED_READ_MODEL_STORE,
        READ_MODEL_CRYPTO,
        ProjectionRunner,
        ClientViewQueries,
        ClientListQueries,
        AlertQueries,
        RiskCaseQueries,
        AgendaQueries,
        PipelineQueries,
        ComplaintQueries,
        FeedbackQueries,
        ServiceLevelQueries,
      ],
    };
  }
}
