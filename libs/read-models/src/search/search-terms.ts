import { createHmac } from 'node:crypto';
import { ERASED } from '@crm/domain';

/**
 * The blind index of client search: a client's legal name and registration number are never
 * stored in the clear for `q` to match; instead each prefix of their lower-cased form (up to
 * SEARCH_PREFIX_LENGTH characters) is stored as a keyed HMAC, and a search looks up the HMAC of
 * `q`. Without the key a term tells nothing, not even which clients share a first letter across
 * two versions of the key; with it, only a guess can be confirmed.
 */

/** Prefixes longer than this are not indexed: a longer `q` is matched on its first this-many characters, then compared in full. */
export const SEARCH_PREFIX_LENGTH = 32;

/** What a term was made of; part of the HMAC's input, so a name and a registration number never share a term. */
export type SearchField = 'name' | 'registration';

/** The form both sides are compared in: lower case, as the SQL prefix match compared them before. */
export const normaliseForSearch = (value: string): string => value.toLowerCase();

const termOf = (key: Buffer, field: SearchField, prefix: string): string =>
  createHmac('sha256', key).update(`${field}\u0000${prefix}`, 'utf8').digest().subarray(0, 16).toString('base64url');

/** The terms of every prefix of `value` (characters, not UTF-16 units), shortest first, without repeats. */
export const searchTermsOf = (key: Buffer, field: SearchField, value: string): string[] => {
  const characters = [...normaliseForSearch(value)].slice(0, SEARCH_PREFIX_LENGTH);
  const terms = new Set<string>();
  let prefix = '';
  for (const character of characters) {
    prefix += character;
    terms.add(termOf(key, field, prefix));
  }
  return [...terms];
};

/** The term a search for `q` looks up: that of its first SEARCH_PREFIX_LENGTH characters. */
export const queryTermOf = (key: Buffer, field: SearchField, q: string): string =>
  termOf(key, field, [...normaliseForSearch(q)].slice(0, SEARCH_PREFIX_LENGTH).join(''));

/** Whether `q` is longer than what the index holds, so its matches must be compared past the indexed prefix. */
export const beyondIndexedPrefix = (q: string): boolean => [...normaliseForSearch(q)].length > SEARCH_PREFIX_LENGTH;

/** A searched value in the clear, or null when there is none to index (absent, empty, erased). */
export const searchable = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' && value !== ERASED ? value : null;
