import type { PersonalDataOpener } from '@crm/event-store';
import type { SqlSearchKeyRotationSteps } from '../sql/sql.search-key-rotation';
import { SEARCH_STATE_TTL_MS } from '../sql/sql.search-index';
import type { SearchKeySource } from './search-keys';
import { searchable } from './search-terms';

export type SearchKeyRotationProgress = Readonly<{
  phase: 'back-fill' | 'retire';
  from: number;
  to: number;
  /** Clients whose terms were written under the new key. */
  clients: number;
  /** Rows of the old key deleted. */
  dropped: number;
}>;

export type SearchKeyRotationOptions = Readonly<{
  /** Clients per read and per transaction. Default 500. */
  chunk?: number;
  /**
   * Time between switching searches to the new key and deleting the old terms: a search that read
   * the old version just before (each process re-reads it every SEARCH_STATE_TTL_MS) still finds
   * its terms. Default three times that.
   */
  graceMs?: number;
  onProgress?: (progress: SearchKeyRotationProgress) => void;
}>;

export type SearchKeyRotation = Readonly<{ from: number; to: number; clients: number; dropped: number }>;

/**
 * Re-keys the search index while the system serves: names the next key version (the projector
 * then writes both versions' terms for every client it touches), writes the new version's terms of
 * every stored client from its opened columns, switches searches to it, and after a grace time
 * deletes the old terms and destroys the old key. Searches answer the same throughout. Safe to run
 * again after an interruption: it carries on with the version already named.
 */
export const rotateSearchKey = async (
  steps: SqlSearchKeyRotationSteps,
  opener: PersonalDataOpener,
  keys: SearchKeySource,
  options: SearchKeyRotationOptions = {},
): Promise<SearchKeyRotation> => {
  const chunk = Math.max(1, options.chunk ?? 500);
  const { activeVersion: from, nextVersion } = await steps.begin();
  if (nextVersion === null) throw new Error('the search index has no next version after beginning a rotation');
  const to = nextVersion;
  let clients = 0;
  for (let after = ''; ;) {
    const read = await steps.columns(after, chunk);
    if (read.length === 0) break;
    // A copy: the opener fills in place, and the back-fill compares what it read with what is stored.
    const opened = await opener.openAll(read.map((row) => ({ ...row })));
    const values = opened.map((row) => ({
      clientId: row.clientId,
      legalName: searchable(row.legalName),
      registrationNo: searchable(row.registrationNo),
    }));
    clients += await steps.backfill(to, read, values);
    after = read[read.length - 1].clientId;
    options.onProgress?.({ phase: 'back-fill', from, to, clients, dropped: 0 });
  }
  await steps.finish(to);
  await new Promise((resolve) => setTimeout(resolve, options.graceMs ?? 3 * SEARCH_STATE_TTL_MS));
  let dropped = 0;
  for (let deleted = await steps.drop(from, chunk); deleted > 0; deleted = await steps.drop(from, chunk)) {
    dropped += deleted;
    options.onProgress?.({ phase: 'retire', from, to, clients, dropped });
  }
  await keys.destroy(from);
  return { from, to, clients, dropped };
};
