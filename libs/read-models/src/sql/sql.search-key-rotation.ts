import { GENERATIONAL_PROJECTION } from './projection-generation';
import type { SqlSession } from './sql-executor';
import type { SqlTransactionRunner } from './sql.generation-store';
import type { SqlCheckpoints } from './sql.checkpoints';
import type { SearchIndexState, SearchValues, SqlSearchIndex } from './sql.search-index';

/** A client's searched columns as stored: tokens (or plaintext, or "[erased]"). */
export type StoredSearchColumns = Readonly<{
  clientId: string;
  legalName: string | null;
  registrationNo: string | null;
}>;

type ColumnsRow = { client_id: string; legal_name: string | null; registration_no: string | null };

/**
 * The steps of a search-key rotation on the live generation (search/search-key-rotation.ts runs
 * them). Each write step first takes the projector's checkpoint lock, so it and a batch never
 * interleave: a batch committed after `begin` writes the next version's terms itself, and a
 * back-filled client whose columns changed since they were read is left to the batch that changed them.
 */
export class SqlSearchKeyRotationSteps {
  private readonly setNext: string;
  private readonly promote: string;
  private readonly selectColumns: string;
  private readonly selectColumnsOf: string;

  constructor(
    private readonly db: SqlSession,
    private readonly transaction: SqlTransactionRunner,
    private readonly checkpoints: SqlCheckpoints,
    private readonly index: SqlSearchIndex,
    clientView: string,
  ) {
    const d = db.dialect;
    const state = d.table('search_index');
    this.setNext = `UPDATE ${state} SET next_version = active_version + 1 WHERE name = 'clients' AND next_version IS NULL`;
    this.promote = `UPDATE ${state} SET active_version = next_version, next_version = NULL WHERE name = 'clients' AND next_version = ?`;
    this.selectColumns = `SELECT client_id, legal_name, registration_no FROM ${clientView} WHERE client_id > ? ORDER BY client_id LIMIT ?`;
    this.selectColumnsOf = `SELECT client_id, legal_name, registration_no FROM ${clientView} WHERE ${d.inJsonArray('client_id')}`;
  }

  state(): Promise<SearchIndexState> {
    return this.index.state();
  }

  /** Names the next version (active + 1) unless a rotation already did; returns the state after. */
  begin(): Promise<SearchIndexState> {
    return this.locked(async (tx) => {
      await tx.run(this.setNext);
      return this.index.state(tx);
    });
  }

  /** Up to `limit` clients after `after`, in id order, with their searched columns as stored. */
  async columns(after: string, limit: number): Promise<StoredSearchColumns[]> {
    const rows = await this.db.query<ColumnsRow>(this.selectColumns, [after, limit]);
    return rows.map(columnsOf);
  }

  /**
   * Writes the terms of `version` for the clients whose stored columns are still `read`; returns
   * how many it wrote.
   */
  backfill(version: number, read: readonly StoredSearchColumns[], values: readonly SearchValues[]): Promise<number> {
    return this.locked(async (tx) => {
      const ids = JSON.stringify(read.map((row) => row.clientId));
      const now = new Map((await tx.query<ColumnsRow>(this.selectColumnsOf, [ids])).map((row) => [row.client_id, row]));
      const unchanged = new Set(
        read
          .filter((row) => {
            const current = now.get(row.clientId);
            return current?.legal_name === row.legalName && current.registration_no === row.registrationNo;
          })
          .map((row) => row.clientId),
      );
      await this.index.saveVersion(
        tx,
        version,
        values.filter((value) => unchanged.has(value.clientId)),
      );
      return unchanged.size;
    });
  }

  /** Makes `version` the one searches use (this process's at once, others' within SEARCH_STATE_TTL_MS). */
  async finish(version: number): Promise<void> {
    await this.locked((tx) => tx.run(this.promote, [version]));
    // After the commit: a search reading the state before it would cache the old version again.
    this.index.forgetState();
  }

  /** Deletes up to `limit` clients' terms of a retired version; 0 when none is left. */
  drop(version: number, limit: number): Promise<number> {
    return this.locked((tx) => this.index.dropSome(tx, version, limit));
  }

  private locked<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      await this.checkpoints.lock(tx, GENERATIONAL_PROJECTION);
      return work(tx);
    });
  }
}

const columnsOf = (row: ColumnsRow): StoredSearchColumns => ({
  clientId: row.client_id,
  legalName: row.legal_name,
  registrationNo: row.registration_no,
});
