import { ERASED } from '@crm/domain';
import { isEnvelope } from './field-envelope';
import { mapPersonalFields } from './personal-fields';

/** One stored event as a rewrite sees it. */
export type StoredEventData = Readonly<{ eventId: string; type: string; data: unknown }>;

/**
 * In-place rewriting of stored events' data, for what crypto-shredding cannot reach by destroying a
 * key: events appended before encryption was switched on hold their personal fields in plaintext.
 * On erasure the store rewrites them (`scrub`: every personal field that is not an envelope becomes
 * "[erased]"; ids, amounts, dates and the event itself stay), and `encryptExisting` seals them once
 * with the client's key. Implemented for the SQLite and PostgreSQL adapters, whose connections
 * overwrite what they free (secure_delete) or leave it to VACUUM; an EventStoreDB log cannot be
 * rewritten, so there such events only read "[erased]" (see docs/security.md).
 */
export interface PlaintextScrubber {
  /**
   * Replaces the data of every event of `streamId` for which `rewrite` returns new data (null: leave
   * it), in one transaction that keeps appends to the stream out; returns how many changed.
   */
  rewrite(streamId: string, rewrite: (event: StoredEventData) => unknown): Promise<number>;
  /** The ids of client streams (`client-…`) after `after`, in order, at most `limit`. */
  clientStreams(after: string, limit: number): Promise<string[]>;
  close(): Promise<void>;
}

/** The stored data with plaintext personal fields erased, or null when nothing needs rewriting. */
export const scrubbedData = ({ type, data }: StoredEventData): unknown => {
  const scrubbed = mapPersonalFields(type, data, (_path, value) =>
    isEnvelope(value) || value === ERASED ? value : ERASED,
  );
  return scrubbed === data ? null : scrubbed;
};
