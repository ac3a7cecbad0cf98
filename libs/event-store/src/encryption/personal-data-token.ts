import { hash } from 'node:crypto';
import { ERASED } from '@crm/domain';
import type { DataKeyRing, DataKeyState } from './data-key-ring';
import { ENVELOPE_PROPERTY, openField, type FieldContext, type FieldEnvelope } from './field-envelope';
import { clientOfStream } from './personal-fields';
import { RecencyMap } from './recency-map';

/**
 * A sealed personal field as the read models keep it: the event's own envelope and what it is
 * bound to (stream, event, field path), in one string so projections copy it wherever they copied
 * the plaintext. No projection decrypts it; the API opens it at read time with the client's key,
 * so destroying the key (erasure) makes every copy unreadable, wherever the database put its bytes
 * (heap pages, dead tuples, indexes, WAL, replicas, backups).
 *
 * `\u0001` starts it because no caller types it into a name or a note; `\u0002` separates the parts,
 * which never hold it (stream and event ids are tokens, paths are dotted names).
 */
const TOKEN_PREFIX = '\u0001pd1\u0002';
const SEPARATOR = '\u0002';

export const isPersonalDataToken = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(TOKEN_PREFIX);

export const personalDataToken = (envelope: FieldEnvelope, { streamId, eventId, path }: FieldContext): string =>
  `${TOKEN_PREFIX}${streamId}${SEPARATOR}${eventId}${SEPARATOR}${path}${SEPARATOR}${envelope[ENVELOPE_PROPERTY]}`;

type ParsedToken = Readonly<{ clientId: string; context: FieldContext; envelope: FieldEnvelope }>;

const parseToken = (token: string): ParsedToken | null => {
  const parts = token.slice(TOKEN_PREFIX.length).split(SEPARATOR);
  if (parts.length !== 4) return null;
  const [streamId, eventId, path, sealed] = parts;
  const clientId = clientOfStream(streamId);
  if (clientId === null) return null;
  return { clientId, context: { streamId, eventId, path }, envelope: { [ENVELOPE_PROPERTY]: sealed } };
};

/** Where a token sits, to be replaced in place by its opened value. */
type Slot = Readonly<
  | { container: unknown[] | Record<string, unknown>; key: number | string; token: string }
  | { container: Map<unknown, unknown>; key: unknown; token: string }
>;

/**
 * Every token below `value` (arrays, Maps and plain objects, any depth), with where it sits. One
 * pass without allocating per node: a client view is hundreds of nodes and a handful of tokens.
 */
const collectSlots = (value: object, slots: Slot[]): void => {
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      if (isPersonalDataToken(item)) slots.push({ container: items, key: index, token: item });
      else if (typeof item === 'object' && item !== null) collectSlots(item, slots);
    }
  } else if (value instanceof Map) {
    const map = value as Map<unknown, unknown>;
    for (const [key, item] of map) {
      if (isPersonalDataToken(item)) slots.push({ container: map, key, token: item });
      else if (typeof item === 'object' && item !== null) collectSlots(item, slots);
    }
  } else if (!(value instanceof Date) && !ArrayBuffer.isView(value)) {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const item = record[key];
      if (isPersonalDataToken(item)) slots.push({ container: record, key, token: item });
      else if (typeof item === 'object' && item !== null) collectSlots(item, slots);
    }
  }
};

const fill = (slot: Slot, opened: unknown): void => {
  if (slot.container instanceof Map) slot.container.set(slot.key, opened);
  else (slot.container as Record<string | number, unknown>)[slot.key as string | number] = opened;
};

/** Opens the read models' personal-data tokens; see personalDataToken. */
export interface PersonalDataOpener {
  /**
   * `value` with every token in it opened, in place (a query's result is its own): the field's
   * value, or "[erased]" once its client's key is destroyed. A token given alone is answered opened.
   */
  openAll<T>(value: T): Promise<T>;
}

/** What the read models see without crypto-shredding: values are stored as they are. */
export const PLAINTEXT_OPENER: PersonalDataOpener = { openAll: async (value) => value };

/**
 * Opened text kept in memory, by token: a portfolio opens a name per client on every read, and
 * decrypting them was most of its cost. An entry is only served while its client's key is live
 * (checked on every call, as for a token opened anew), so erasure reaches it exactly as it reaches
 * the ring's cached keys. Default 80,000 entries (a client view has four: name, registration number,
 * phone, email), about 20 MB.
 */
const DEFAULT_OPENED_TEXTS = 80_000;

/**
 * What keys an opened text: the token's SHA-256. Equal digests mean equal tokens, so a text is only
 * served for the very token it was opened from (its client, event, field and envelope), and an
 * entry keeps 44 characters instead of the token's ~200.
 */
const textKeyOf = (token: string): string => hash('sha256', token, 'base64');

/**
 * A client id as a string of its own: one cut from a token (parseToken) would keep the whole token
 * in memory for as long as the opened text is remembered.
 */
const detached = (clientId: string): string => Buffer.from(clientId, 'latin1').toString('latin1');

/** An opened text and whose key it needs, so it is served without parsing its token. */
type Remembered = Readonly<{ clientId: string; text: string }>;

export type KeyRingOpenerOptions = Readonly<{
  /** Opened texts kept in memory (DEFAULT_OPENED_TEXTS); 0 keeps none. */
  maxTexts?: number;
  /** Whether the keys the ring loads for this opener stay in its cache (default true). */
  rememberKeys?: boolean;
}>;

/**
 * What opens the projector's search terms: each registration or rename is opened once, so keeping
 * its text or its key would only fill the reads' memory (a catch-up opens every client's name).
 */
export const OPEN_ONCE: KeyRingOpenerOptions = { maxTexts: 0, rememberKeys: false };

/** Opens tokens with the clients' data keys (one key lookup per client per call, cached by the ring). */
export class KeyRingOpener implements PersonalDataOpener {
  private readonly texts: RecencyMap<string, Remembered>;
  private readonly rememberKeys: boolean;

  constructor(
    private readonly keys: DataKeyRing,
    { maxTexts = DEFAULT_OPENED_TEXTS, rememberKeys = true }: KeyRingOpenerOptions = {},
  ) {
    this.texts = new RecencyMap(maxTexts);
    this.rememberKeys = rememberKeys;
  }

  async openAll<T>(value: T): Promise<T> {
    if (isPersonalDataToken(value)) {
      const alone: unknown[] = [value];
      await this.openSlots([{ container: alone, key: 0, token: value }]);
      return alone[0] as T;
    }
    if (typeof value !== 'object' || value === null) return value;
    const slots: Slot[] = [];
    collectSlots(value, slots);
    if (slots.length > 0) await this.openSlots(slots);
    return value;
  }

  /**
   * Tokens opened before whose client's key the ring holds in memory are served in one pass, with
   * no call and nothing built per call (a portfolio's names, on every read); the rest go the long
   * way (openUnknown).
   */
  private async openSlots(slots: readonly Slot[]): Promise<void> {
    let rest: Slot[] | null = null;
    let restKeys: string[] | null = null;
    let restKnown: (Remembered | undefined)[] | null = null;
    for (const slot of slots) {
      const key = textKeyOf(slot.token);
      const known = this.texts.get(key);
      const state = known === undefined ? undefined : this.keys.cachedState(known.clientId);
      if (known !== undefined && state !== undefined) fill(slot, this.textWhile(key, known, state));
      else {
        (rest ??= []).push(slot);
        (restKeys ??= []).push(key);
        (restKnown ??= []).push(known);
      }
    }
    if (rest !== null && restKeys !== null && restKnown !== null) await this.openUnknown(rest, restKeys, restKnown);
  }

  /**
   * One pass finds each token's client (remembered, as the first pass found it, or parsed), one
   * ring call gets their keys, one pass fills the slots: no Maps built per token.
   */
  private async openUnknown(
    slots: readonly Slot[],
    keys: readonly string[],
    remembered: readonly (Remembered | undefined)[],
  ): Promise<void> {
    const found = new Array<Remembered | ParsedToken | null>(slots.length);
    const clients = new Set<string>();
    for (let index = 0; index < slots.length; index++) {
      const known = remembered[index] ?? parseToken(slots[index].token);
      found[index] = known;
      if (known !== null) clients.add(known.clientId);
    }
    const states = await this.keys.statesOf(clients, { remember: this.rememberKeys });
    for (let index = 0; index < slots.length; index++) {
      const slot = slots[index];
      const known = found[index];
      if (known === null) fill(slot, ERASED);
      else if ('text' in known) fill(slot, this.textWhile(keys[index], known, states.get(known.clientId)));
      else fill(slot, this.open(keys[index], known, states));
    }
  }

  /**
   * A remembered text while its client's key is live; once erased (or the key is gone) "[erased]",
   * and the plaintext leaves memory too.
   */
  private textWhile(key: string, known: Remembered, state: DataKeyState | undefined): string {
    if (state?.kind === 'live') return known.text;
    if (this.texts.get(key) === known) this.texts.delete(key);
    return ERASED;
  }

  /**
   * A destroyed key reads "[erased]"; so does a missing one, which only a restore without its key
   * store can cause: no read model can show what no key opens. A live key that does not
   * authenticate the bytes throws (DecryptionError), as reading the event would.
   */
  private open(key: string, parts: ParsedToken, states: ReadonlyMap<string, DataKeyState>): unknown {
    const state = states.get(parts.clientId);
    if (state === undefined || state.kind !== 'live') return ERASED;
    // The same token twice in one result: opened by its first slot already.
    const remembered = this.texts.get(key);
    if (remembered !== undefined) return remembered.text;
    const value = openField(state.key, parts.envelope, parts.context);
    if (typeof value === 'string') this.texts.set(key, { clientId: detached(parts.clientId), text: value });
    return value;
  }
}
