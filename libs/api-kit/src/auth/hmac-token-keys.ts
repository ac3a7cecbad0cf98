import { createSecretKey, type KeyObject } from 'node:crypto';
import type { JwtHeader } from './jwt-header';
import { TokenKeyError, type TokenAlgorithm, type TokenKeys } from './token-keys';

/**
 * HS256 with the shared JWT_SECRET. The KeyObject is made once: given a string, jsonwebtoken
 * re-derives the key on every verify (first trying it as a public key and failing), which was a
 * third of a read's CPU.
 */
export class HmacTokenKeys implements TokenKeys {
  readonly algorithms: readonly TokenAlgorithm[] = ['HS256'];
  readonly signingKey: Readonly<{ key: KeyObject; algorithm: TokenAlgorithm }>;
  private readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.signingKey = { key: this.key, algorithm: 'HS256' };
  }

  async verificationKey(header: JwtHeader): Promise<KeyObject> {
    if (header.alg !== 'HS256') throw new TokenKeyError('algorithm not accepted');
    return this.key;
  }
}
