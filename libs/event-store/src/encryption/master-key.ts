import { createHmac, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KEY_BYTES } from './aes-gcm';

/**
 * Where a master key comes from: a secret (DATA_KEY_SECRET) or a file holding one (DATA_KEY_FILE,
 * e.g. a mounted Kubernetes secret or a file written by a KMS agent). Either way the material must
 * have at least 32 bytes; the key itself is derived from it with HKDF-SHA256.
 */
export type MasterKeySource = Readonly<{ secret: string }> | Readonly<{ file: string }>;

export const MIN_SECRET_BYTES = 32;

const HKDF_SALT = Buffer.from('crm.data-keys.master.v1', 'utf8');
const HKDF_INFO = Buffer.from('wrap client data keys (AES-256-GCM)', 'utf8');

/**
 * The key-encryption key that wraps every client's data key. `id` is a public fingerprint (an HMAC
 * of a constant under the key, so it reveals nothing about it): each wrapped key records the id of
 * the master key that wrapped it, which is what lets the master key be rotated.
 */
export type MasterKey = Readonly<{ id: string; key: Buffer }>;

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export const deriveMasterKey = (material: Buffer): MasterKey => {
  if (material.length < MIN_SECRET_BYTES)
    throw new MasterKeyError(`master key material must have at least ${MIN_SECRET_BYTES} bytes`);
  const key = Buffer.from(hkdfSync('sha256', material, HKDF_SALT, HKDF_INFO, KEY_BYTES));
  const id = createHmac('sha256', key).update('crm.master-key-id.v1').digest('hex').slice(0, 16);
  return { id, key };
};

/** A file's content is the secret; one trailing newline (as `echo` or an editor leaves) is ignored. */
export const readSecretFile = (path: string): Buffer => {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch {
    // The path is configuration, not a secret; the error's own message could be, so it is dropped.
    throw new MasterKeyError(`the master key file ${path} cannot be read`);
  }
  let end = content.length;
  if (end > 0 && content[end - 1] === 0x0a) end -= 1;
  if (end > 0 && content[end - 1] === 0x0d) end -= 1;
  return content.subarray(0, end);
};

export const loadMasterKey = (source: MasterKeySource): MasterKey =>
  deriveMasterKey('secret' in source ? Buffer.from(source.secret, 'utf8') : readSecretFile(source.file));
