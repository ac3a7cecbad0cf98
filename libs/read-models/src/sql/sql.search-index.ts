import type { ClientRows } from '../client-view/client-rows';
import type { SearchKeySource } from '../search/search-keys';
import { queryTermOf, searchTermsOf } from '../search/search-terms';
import type { GenerationTables } from './projection-generation';
import { CLIENT_SEARCH_TERMS_TABLE } from './read-model.tables';
import { ClientRowsWriter } from './client-rows.writer';
import type { SqlSession } from './sql-executor';

/** What a client is found by, in the clear (in memory only): null when absent or erased. */
export type SearchValues = Readonly<{ clientId: string; legalName: string | null; registrationNo: string | null }>;

/** Which key version searches use, and the one a rotation is filling (see SearchKeyRotation). */
export type SearchIndexState = Readonly<{ activeVersion: number; nextVersion: number | null }>;

/** The terms a search for `q` looks up, under the active key. */
export type QueryTerms = Readonly<{ version: number; name: string; registration: string }>;

/** A row of the terms table. */
type Term = Readonly<{ version: number; term: string; clientId: string }>;
type StateRow = { active_version: number | string; next_version: number | string | null };

/** Searches re-read the active version at most this often; a rotation keeps the old terms longer. */
export const SEARCH_STATE_TTL_MS = 1_000;

const termsOf = (version: number, key: Buffer, values: SearchValues): Term[] =>
  [
    ...(values.legalName === null ? [] : searchTermsOf(key, 'name', values.legalName)),
    ...(values.registrationNo === null ? [] : searchTermsOf(key, 'registration', values.registrationNo)),
  ].map((term) => ({ version, term, clientId: values.clientId }));

/** The blind index's SQL on one generation's tables (search/search-terms.ts says what a term is). */
export class SqlSearchIndex {
  private readonly selectState: string;
  private readonly writer: ClientRowsWriter<Term>;
  private readonly deleteVersionOfClients: string;
  private readonly deleteSomeOfVersion: string;
  private readonly clear: string;
  private cached: { state: SearchIndexState; until: number } | null = null;

  constructor(
    private readonly db: SqlSession,
    private readonly tables: GenerationTables,
    private readonly keys: SearchKeySource,
  ) {
    const d = db.dialect;
    this.selectState = `SELECT active_version, next_version FROM ${d.table('search_index')} WHERE name = 'clients'`;
    this.writer = new ClientRowsWriter(d, CLIENT_SEARCH_TERMS_TABLE, tables.searchTerms, (row) => [
      row.version,
      row.term,
      row.clientId,
    ]);
    this.deleteVersionOfClients = `DELETE FROM ${tables.searchTerms} WHERE key_version = ? AND ${d.inJsonArray('client_id')}`;
    this.deleteSomeOfVersion = `DELETE FROM ${tables.searchTerms} WHERE key_version = ? AND client_id IN (
      SELECT client_id FROM ${tables.searchTerms} WHERE key_version = ? ORDER BY client_id LIMIT ?)`;
    this.clear = `DELETE FROM ${tables.searchTerms}`;
  }

  get searchTermsTable(): string {
    return this.tables.searchTerms;
  }

  async state(db: SqlSession = this.db): Promise<SearchIndexState> {
    const [row] = await db.query<StateRow>(this.selectState);
    if (row === undefined) throw new Error('the search index has no state row (read-model migration 15)');
    return {
      activeVersion: Number(row.active_version),
      nextVersion: row.next_version === null ? null : Number(row.next_version),
    };
  }

  /** The terms of `q` under the active key (its version read at most every SEARCH_STATE_TTL_MS). */
  async queryTerms(q: string, now = Date.now()): Promise<QueryTerms> {
    if (this.cached === null || this.cached.until <= now) {
      this.cached = { state: await this.state(), until: now + SEARCH_STATE_TTL_MS };
    }
    const version = this.cached.state.activeVersion;
    const key = await this.keys.key(version);
    return { version, name: queryTermOf(key, 'name', q), registration: queryTermOf(key, 'registration', q) };
  }

  /**
   * Replaces the terms of these clients under every version in use (the active one, and the next
   * while a rotation fills it). Inside the batch's transaction, after its checkpoint move: the
   * versions read here are those a rotation step, which takes the same lock, left.
   */
  async save(tx: SqlSession, values: readonly SearchValues[]): Promise<void> {
    if (values.length === 0) return;
    const { activeVersion, nextVersion } = await this.state(tx);
    const versions = nextVersion === null ? [activeVersion] : [activeVersion, nextVersion];
    const keys = await Promise.all(versions.map((version) => this.keys.key(version)));
    const rows: ClientRows<Term>[] = values.map((value) => ({
      clientId: value.clientId,
      rows: versions.flatMap((version, index) => termsOf(version, keys[index], value)),
    }));
    await this.writer.replace(tx, rows);
  }

  /** Writes these clients' terms under `version` only (a rotation's back-fill). */
  async saveVersion(tx: SqlSession, version: number, values: readonly SearchValues[]): Promise<void> {
    if (values.length === 0) return;
    const key = await this.keys.key(version);
    await tx.run(this.deleteVersionOfClients, [version, JSON.stringify(values.map((value) => value.clientId))]);
    const rows = values.flatMap((value) => termsOf(version, key, value));
    await this.writer.insert(tx, rows);
  }

  /** Deletes up to `limit` clients' terms of `version`; the number of rows deleted. */
  dropSome(tx: SqlSession, version: number, limit: number): Promise<number> {
    return tx.run(this.deleteSomeOfVersion, [version, version, limit]);
  }

  async clearAll(tx: SqlSession): Promise<void> {
    await tx.run(this.clear);
  }

  /** Forgets the cached state, so the next search reads the version again. */
  forgetState(): void {
    this.cached = null;
  }
}
