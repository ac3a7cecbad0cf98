import { ERASED } from '@crm/domain';
import type { DataKeyRing, DataKeyState } from './data-key-ring';
import { ENVELOPE_PROPERTY, openField, type FieldContext, type FieldEnvelope } from './field-envelope';
import { clientOfStream } from './personal-fields';

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

/** Every token inside `value` (strings, arrays and plain objects, any depth), in visiting order. */
const collectTokens = (value: unknown, into: string[]): void => {
  if (typeof value === 'string') {
    if (value.startsWith(TOKEN_PREFIX)) into.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTokens(item, into);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const item of Object.values(value)) collectTokens(item, into);
  }
};

/** `value` with each token replaced by `opened.get(token)`; untouched parts are shared, not copied. */
const replaceTokens = (value: unknown, opened: ReadonlyMap<string, unknown>): unknown => {
  if (typeof value === 'string') return opened.has(value) ? opened.get(value) : value;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    let copy: unknown[] | null = null;
    for (let index = 0; index < items.length; index++) {
      const next = replaceTokens(items[index], opened);
      if (next !== items[index]) (copy ??= [...items])[index] = next;
    }
    return copy ?? items;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    let copy: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const next = replaceTokens(item, opened);
      if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
    return copy ?? value;
  }
  return value;
};

/** Opens the read models' personal-data tokens; see personalDataToken. */
export interface PersonalDataOpener {
  /**
   * `value` with every token in it opened: the field's value, or "[erased]" once its client's key
   * is destroyed. The same object when it holds no token.
   */
  openAll<T>(value: T): Promise<T>;
}

/** What the read models see without crypto-shredding: values are stored as they are. */
export const PLAINTEXT_OPENER: PersonalDataOpener = { openAll: async (value) => value };

/** Opens tokens with the clients' data keys (one key lookup per client per call, cached by the ring). */
export class KeyRingOpener implements PersonalDataOpener {
  constructor(private readonly keys: DataKeyRing) {}

  async openAll<T>(value: T): Promise<T> {
    const tokens: string[] = [];
    collectTokens(value, tokens);
    if (tokens.length === 0) return value;
    const parsed = new Map<string, ParsedToken | null>();
    for (const token of tokens) if (!parsed.has(token)) parsed.set(token, parseToken(token));
    const clients = new Set<string>();
    for (const token of parsed.values()) if (token !== null) clients.add(token.clientId);
    const states = await this.keys.statesOf(clients);
    const opened = new Map<string, unknown>();
    for (const [token, parts] of parsed) opened.set(token, parts === null ? ERASED : openToken(parts, states));
    return replaceTokens(value, opened) as T;
  }
}

/**
 * A destroyed key reads "[erased]"; so does a missing one, which only a restore without its key
 * store can cause: no read model can show what no key opens. A live key that does not
 * authenticate the bytes throws (DecryptionError), as reading the event would.
 */
const openToken = (
  { clientId, context, envelope }: ParsedToken,
  states: ReadonlyMap<string, DataKeyState>,
): unknown => {
  const state = states.get(clientId);
  if (state === undefined || state.kind !== 'live') return ERASED;
  return openField(state.key, envelope, context);
};
