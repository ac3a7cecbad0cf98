import { npmStartLaunch } from './npm-start-launch';
import { positiveFromEnv } from './bench-env';

/**
 * What the `http` bench runs with; every figure can be changed by an environment variable so a
 * quick run (`BENCH_HTTP_CLIENTS=20000 BENCH_HTTP_SECONDS=4 …`) or a long one needs no code change.
 * The defaults keep a whole run near six minutes on the 2-core machine.
 */
export type HttpBenchSettings = Readonly<{
  /** Clients in the realistic book the read cases run on (BENCH_HTTP_CLIENTS, 100,000). */
  clients: number;
  /** Where a generated book is kept and reused from (BENCH_HTTP_BOOK_CACHE), or null: generated each run. */
  bookCacheDir: string | null;
  /**
   * WORKERS of the API on the book (BENCH_HTTP_BOOK_WORKERS, projector). The risk monitor catches
   * up on a new book at a few thousand events/s (over ten minutes for 100,000 clients), and reads
   * measured during that measure the catch-up; with `all` the bench waits for it.
   */
  bookWorkers: string;
  /** Warm-up before each measured API case (BENCH_HTTP_WARM_UP_SECONDS, 5). */
  warmUpSeconds: number;
  /** Each measured API case (BENCH_HTTP_SECONDS, 10). */
  seconds: number;
  /** The bare server's time beside each throughput case, in slices around the API's, after 1 s of warm-up (BENCH_HTTP_BARE_SECONDS, 4). */
  bareSeconds: number;
  /** The client view at a paced rate after a restart of the API (BENCH_HTTP_RESTART_SECONDS, 60). */
  restartSeconds: number;
  /** Alert-feed subscribers (BENCH_HTTP_SUBSCRIBERS, 1,000). */
  subscribers: number;
  /** Past-due reports that raise the alerts (BENCH_HTTP_ALERTS, 100), sent at BENCH_HTTP_ALERT_RATE (20) per second. */
  alerts: number;
  alertRate: number;
  /** The API's LOG_LEVEL (BENCH_HTTP_LOG_LEVEL): info, as in production, so request logging is paid for. */
  logLevel: string;
  /** Node flags of the API and the bare server (BENCH_API_NODE_FLAGS, those of `npm start`). */
  nodeFlags: readonly string[];
  /** A fresh Idempotency-Key on every write, as a careful client sends (BENCH_HTTP_IDEMPOTENCY_KEYS=false: none). */
  idempotencyKeys: boolean;
  /** Where to write a CPU profile of the API under the read cases' load (BENCH_HTTP_CPU_PROF), or null. */
  cpuProfileDir: string | null;
  /**
   * Which read case the profile's summary is cut to (BENCH_HTTP_CPU_PROF_CASE, a word of its name:
   * `portfolio`, `search`, …; the client view by default).
   */
  cpuProfileCase: string;
  /**
   * Where to write CPU profiles of the write cases' APIs (BENCH_HTTP_WRITES_CPU_PROF), or null:
   * `<dir>/sqlite` and `<dir>/postgres`, each summarised for its 20-client contacts case.
   */
  writesCpuProfileDir: string | null;
  /** Which groups of cases run (BENCH_HTTP_CASES, comma-separated; all by default). */
  cases: ReadonlySet<HttpCaseGroup>;
}>;

/** reads: client view, paced, portfolio, search, timeline, branch; restart: the first minute after one; writes: contacts on SQLite and the alert feed; postgres: contacts on PostgreSQL. */
export const HTTP_CASE_GROUPS = ['reads', 'restart', 'writes', 'postgres'] as const;
export type HttpCaseGroup = (typeof HTTP_CASE_GROUPS)[number];

const caseGroups = (raw: string | undefined): ReadonlySet<HttpCaseGroup> => {
  if (raw === undefined || raw.trim() === '') return new Set(HTTP_CASE_GROUPS);
  const picked = raw.split(',').map((group) => group.trim());
  const unknown = picked.filter((group) => !(HTTP_CASE_GROUPS as readonly string[]).includes(group));
  if (unknown.length > 0) {
    throw new Error(`BENCH_HTTP_CASES: unknown ${unknown.join(', ')}; choose from ${HTTP_CASE_GROUPS.join(', ')}`);
  }
  return new Set(picked as HttpCaseGroup[]);
};

export const readHttpBenchSettings = (): HttpBenchSettings => ({
  clients: Math.round(positiveFromEnv('BENCH_HTTP_CLIENTS', 100_000)),
  bookCacheDir: process.env.BENCH_HTTP_BOOK_CACHE || null,
  bookWorkers: process.env.BENCH_HTTP_BOOK_WORKERS || 'projector',
  warmUpSeconds: positiveFromEnv('BENCH_HTTP_WARM_UP_SECONDS', 5),
  seconds: positiveFromEnv('BENCH_HTTP_SECONDS', 10),
  bareSeconds: positiveFromEnv('BENCH_HTTP_BARE_SECONDS', 4),
  restartSeconds: positiveFromEnv('BENCH_HTTP_RESTART_SECONDS', 60),
  subscribers: Math.round(positiveFromEnv('BENCH_HTTP_SUBSCRIBERS', 1_000)),
  alerts: Math.round(positiveFromEnv('BENCH_HTTP_ALERTS', 100)),
  alertRate: positiveFromEnv('BENCH_HTTP_ALERT_RATE', 20),
  logLevel: process.env.BENCH_HTTP_LOG_LEVEL || 'info',
  nodeFlags: process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? npmStartLaunch().nodeFlags,
  idempotencyKeys: process.env.BENCH_HTTP_IDEMPOTENCY_KEYS !== 'false',
  cpuProfileDir: process.env.BENCH_HTTP_CPU_PROF || null,
  cpuProfileCase: process.env.BENCH_HTTP_CPU_PROF_CASE || 'client view',
  writesCpuProfileDir: process.env.BENCH_HTTP_WRITES_CPU_PROF || null,
  cases: caseGroups(process.env.BENCH_HTTP_CASES),
});
