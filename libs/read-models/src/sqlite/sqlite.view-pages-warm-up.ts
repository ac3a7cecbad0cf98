import type { GenerationTables } from '../sql/projection-generation';
import type { SqlExecutor, SqlInteger } from '../sql/sql-executor';
import type { ViewPagesWarmUp, WarmUpOptions } from '../store/read-model-store.port';

/** Rows per statement: a few MB of views, a few ms from the OS cache, so health checks are answered in between. */
const CHUNK_ROWS = 2_000;
/** Client ids kept for the caller to read whole views with (JIT and statements): about this many. */
const SAMPLE_IDS = 500;
const PROGRESS_EVERY_MS = 1_000;

type KeyRow = { client_id: string };
type PageRow = { r: SqlInteger; n: SqlInteger | null };

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads the pages the client view is served from, in file order, so the first reads after a
 * restart find them in memory: the primary-key index of `client_view` (walked in key order, only
 * the index is read) and the table itself by rowid (the order rows were written in, i.e. mostly
 * the file's), asking each row's document length so every page and overflow page is loaded.
 * What is read lands in the OS page cache and, up to its size, this connection's SQLite cache.
 *
 * Bounded: it stops once `budgetBytes` of documents have been read (a 100,000-client book holds
 * a few hundred MB of views; the timeline, many times larger, is not touched) or `deadline` has
 * passed. Chunked, so the connection (and the event loop) is never held for long; each chunk waits
 * for a projector batch in progress, like any query.
 */
export async function warmViewPages(
  db: SqlExecutor,
  tables: GenerationTables,
  options: WarmUpOptions,
): Promise<ViewPagesWarmUp> {
  const started = Date.now();
  const deadline = started + options.maxMs;
  const total = await viewCount(db, tables);
  const every = Math.max(1, Math.floor(total / SAMPLE_IDS));
  const sampleClientIds: string[] = [];
  let keys = 0;
  let rows = 0;
  let bytes = 0;
  let saidAt = started;
  const say = (force = false) => {
    if (options.onProgress === undefined || (!force && Date.now() - saidAt < PROGRESS_EVERY_MS)) return;
    saidAt = Date.now();
    options.onProgress({ keys, rows, total, bytes, budgetBytes: options.budgetBytes });
  };
  const withinBounds = () => bytes < options.budgetBytes && Date.now() < deadline;

  const byKey = `SELECT client_id FROM ${tables.clientView} WHERE client_id > ? ORDER BY client_id LIMIT ${CHUNK_ROWS}`;
  for (let after = ''; withinBounds();) {
    const chunk = await db.query<KeyRow>(byKey, [after]);
    for (const row of chunk) if (keys++ % every === 0) sampleClientIds.push(row.client_id);
    if (chunk.length < CHUNK_ROWS) break;
    after = chunk[chunk.length - 1].client_id;
    say();
    await yieldToIo();
  }

  const byRowid = `SELECT rowid AS r, length(doc) AS n FROM ${tables.clientView} WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK_ROWS}`;
  let complete = false;
  for (let after: SqlInteger = 0; withinBounds();) {
    const chunk: PageRow[] = await db.query<PageRow>(byRowid, [after]);
    for (const row of chunk) bytes += Number(row.n ?? 0);
    rows += chunk.length;
    if (chunk.length < CHUNK_ROWS) {
      complete = true;
      break;
    }
    after = chunk[chunk.length - 1].r;
    say();
    await yieldToIo();
  }
  // The managers every view joins: a few hundred rows.
  await db.query(`SELECT count(name) AS n FROM ${tables.managers}`);
  say(true);
  return { keys, rows, total, bytes, complete, seconds: (Date.now() - started) / 1000, sampleClientIds };
}

const viewCount = async (db: SqlExecutor, tables: GenerationTables): Promise<number> => {
  // The largest rowid, not COUNT(*): the count would read the whole table (or an index) before the walk does.
  const [row] = await db.query<{ n: SqlInteger | null }>(`SELECT max(rowid) AS n FROM ${tables.clientView}`);
  return Number(row?.n ?? 0);
};
