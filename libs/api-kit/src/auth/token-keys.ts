import type { KeyObject } from 'node:crypto';
import type { JwtHeader } from './jwt-header';

/** The only signature algorithms this service knows; `none` and the rest are never accepted. */
export type TokenAlgorithm = 'HS256' | 'RS256' | 'ES256';

export const TOKEN_KEYS = Symbol('TOKEN_KEYS');

/**
 * Where the keys that verify (and, for HS256, sign) tokens come from. One source per process:
 * a shared secret or the identity provider's JWKS, never both, so a token can never pick a key
 * of the other kind (the HS256-with-a-public-key confusion).
 */
export interface TokenKeys {
  /** The algorithms a token may name at all; checked before any key is looked up. */
  readonly algorithms: readonly TokenAlgorithm[];
  /**
   * The key for this header, whose algorithm must be the key's own: an RS256 header never gets
   * an EC key and vice versa. Rejects when there is none.
   */
  verificationKey(header: JwtHeader): Promise<KeyObject>;
  /** The key development tokens are signed with; null when tokens come from elsewhere. */
  readonly signingKey: Readonly<{ key: KeyObject; algorithm: TokenAlgorithm }> | null;
}

/** A token whose key cannot be found or does not fit; never shown to the caller. */
export class TokenKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenKeyError';
  }
}
