import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@crm/platform';
import {
  ClientListQueries,
  ClientViewQueries,
  READ_MODEL_STORE,
  type ReadModelStore,
  type WarmUpProgress,
} from '@crm/read-models';

/** However large the store, readiness is not held back longer than this. */
const MAX_WARM_UP_MS = 60_000;
/** A small store is warm before the server listens; a large one warms while /health/ready says so. */
const AWAITED_AT_BOOT_MS = 1_000;
/** A client id no view has: reads with it prepare statements and find nothing. */
const NO_CLIENT = '00000000-0000-7000-8000-000000000000';
const MIB = 1024 * 1024;

export type ReadPathWarmUpStatus = Readonly<{
  /** `warming` holds readiness back; every other state lets it through (a failed warm-up is logged, not fatal). */
  state: 'warming' | 'warm' | 'off' | 'failed';
  /** View rows and MiB of documents read so far, and the views there are (about). */
  rows: number;
  total: number;
  mib: number;
  seconds: number;
}>;

/**
 * Warms the read path at start, so the first client views after a restart are served as fast as
 * the thousandth: the view table's pages read in file order into the page cache (bounded by
 * READ_WARM_UP_MB and a minute; see the store's warmViewPages), then a few hundred views read
 * through the queries and serialised (compiling the code they run and preparing their statements),
 * and the statements of the timeline, the dashboard and the access check prepared with ids that
 * match nothing. Nothing goes through HTTP, so nothing is logged as a request or recorded by the
 * read audit: no one reads a client here.
 *
 * /health/ready is down while it runs (HealthController), so a balancer sends no reads to a cold
 * process; progress is logged about once a second.
 */
@Injectable()
export class ReadPathWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReadPathWarmUp');
  private current: ReadPathWarmUpStatus = { state: 'warming', rows: 0, total: 0, mib: 0, seconds: 0 };

  constructor(
    @Inject(READ_MODEL_STORE) private readonly store: ReadModelStore,
    private readonly views: ClientViewQueries,
    private readonly lists: ClientListQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  status(): ReadPathWarmUpStatus {
    return this.current;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.readWarmUpMiB === 0) {
      this.current = { ...this.current, state: 'off' };
      return;
    }
    const started = Date.now();
    const run = this.run(started).then(
      () => {
        this.current = { ...this.current, state: 'warm', seconds: (Date.now() - started) / 1000 };
        this.logger.log(
          `read path warm: ${this.current.rows.toLocaleString('en-US')} views (${this.current.mib.toFixed(0)} MiB) in ${this.current.seconds.toFixed(1)} s`,
        );
      },
      (error: unknown) => {
        this.current = { ...this.current, state: 'failed', seconds: (Date.now() - started) / 1000 };
        this.logger.warn(
          `read path warm-up failed, serving cold: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run, new Promise<void>((resolve) => (timer = setTimeout(resolve, AWAITED_AT_BOOT_MS)))]);
    clearTimeout(timer);
  }

  private async run(started: number): Promise<void> {
    const pages = this.store.warmViewPages
      ? await this.store.warmViewPages({
          budgetBytes: this.config.readWarmUpMiB * MIB,
          maxMs: MAX_WARM_UP_MS,
          onProgress: (progress) => this.progress(progress, started),
        })
      : null;
    let branchId: string | null = null;
    for (const clientId of pages?.sampleClientIds ?? []) {
      const view = await this.views.getClientView(clientId);
      if (view === null) continue;
      branchId ??= view.branchId;
      JSON.stringify(view);
    }
    await this.views.getClientView(NO_CLIENT);
    await this.views.getTimeline(NO_CLIENT, { limit: 50 });
    await this.lists.clientLocation(NO_CLIENT);
    if (branchId !== null) await this.lists.branchDashboard(branchId, new Date());
  }

  private progress(progress: WarmUpProgress, started: number): void {
    const { keys, rows, total, bytes, budgetBytes } = progress;
    this.current = { state: 'warming', rows, total, mib: bytes / MIB, seconds: (Date.now() - started) / 1000 };
    this.logger.log(
      `read path warm-up: ${keys.toLocaleString('en-US')} keys, ${rows.toLocaleString('en-US')} of ~${total.toLocaleString('en-US')} views, ${(bytes / MIB).toFixed(0)} of at most ${(budgetBytes / MIB).toFixed(0)} MiB`,
    );
  }
}
