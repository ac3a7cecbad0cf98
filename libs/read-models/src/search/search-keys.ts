import { createHash } from 'node:crypto';

/**
 * Where the search index's HMAC keys come from, by version (see SearchIndexState): the data-key
 * ring in the apps (keyRingSearchKeys), so the keys are wrapped by the master key, backed up and
 * rotated with the clients' keys.
 */
export interface SearchKeySource {
  /** The key of `version`, made on first use. */
  key(version: number): Promise<Buffer>;
  /** Destroys the key of a version no longer used (after a rotation). */
  destroy(version: number): Promise<void>;
}

/**
 * Fixed keys for stores opened without a key ring (tests, benches, tools over a bare store). The
 * apps always open the read models with the ring's keys; a term made with these proves nothing
 * about anyone's name to whoever has the source code, so they are no protection at all.
 */
export const UNPROTECTED_SEARCH_KEYS: SearchKeySource = {
  key: async (version) => createHash('sha256').update(`crm-unprotected-search-index-key-v${version}`).digest(),
  destroy: async () => undefined,
};

/** What the key ring offers (DataKeyRing of @crm/event-store), as this library uses it. */
export type SearchKeyRing = Readonly<{
  keyForWriting(subject: string): Promise<Readonly<{ kind: 'live'; key: Buffer }> | Readonly<{ kind: 'destroyed' }>>;
  destroy(subject: string): Promise<void>;
}>;

/** The key ring's subject for a version's key; never a client id (those are uuids). */
const subjectOf = (version: number): string => `search-index-v${version}`;

export const keyRingSearchKeys = (ring: SearchKeyRing): SearchKeySource => ({
  key: async (version) => {
    const key = await ring.keyForWriting(subjectOf(version));
    if (key.kind !== 'live') throw new Error(`the search index key of version ${version} was destroyed`);
    return key.key;
  },
  destroy: (version) => ring.destroy(subjectOf(version)),
});
