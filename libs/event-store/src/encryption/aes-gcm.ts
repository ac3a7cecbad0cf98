import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

/** AES-256-GCM with a random 96-bit IV per message and the full 128-bit tag. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Authentication failed: wrong key, wrong associated data, or bytes that were changed. */
export class DecryptionError extends Error {
  constructor(what: string) {
    super(`${what} could not be decrypted: wrong key, wrong context or tampered data`);
    this.name = 'DecryptionError';
  }
}

/**
 * Random IVs from the CSPRNG, drawn in blocks (one call per 1,024 IVs rather than one each, which
 * was most of the cost of sealing a field); every IV is used once.
 */
const IV_POOL = Buffer.alloc(IV_BYTES * 1024);
let ivOffset = IV_POOL.length;

const nextIv = (): Buffer => {
  if (ivOffset === IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
};

/** `iv | ciphertext | tag`. Random IVs: under 2^32 messages per key the collision risk is negligible. */
export const seal = (key: Buffer, plaintext: Buffer, aad: Buffer): Buffer => {
  if (key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM needs a 32-byte key');
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
};

/** The plaintext of `sealed`; throws DecryptionError (never returns garbage) when it does not authenticate. */
export const open = (key: Buffer, sealed: Buffer, aad: Buffer, what = 'a value'): Buffer => {
  if (key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM needs a 32-byte key');
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new DecryptionError(what);
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new DecryptionError(what);
  }
};
