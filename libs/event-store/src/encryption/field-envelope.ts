import { DecryptionError, open, seal } from './aes-gcm';

/**
 * How an encrypted personal field is stored in an event's JSON: `{"$enc":"v1:<keyVersion>:<b64>"}`
 * where b64 is `iv | ciphertext | tag` and the plaintext is the field's JSON. The associated data
 * binds the ciphertext to its stream, event and field, so it cannot be moved to another client,
 * event or field (a swap fails authentication instead of showing the wrong data).
 */

export const ENVELOPE_PROPERTY = '$enc';
const FORMAT = 'v1';
const ENVELOPE_PATTERN = /^v1:(\d{1,9}):([A-Za-z0-9+/]+={0,2})$/;

export type FieldEnvelope = Readonly<{ [ENVELOPE_PROPERTY]: string }>;

export class CorruptEnvelopeError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    readonly path: string,
  ) {
    super(`stream ${streamId}, event ${eventId}: the encrypted field ${path} is malformed`);
    this.name = 'CorruptEnvelopeError';
  }
}

export const isEnvelope = (value: unknown): value is FieldEnvelope =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as Record<string, unknown>)[ENVELOPE_PROPERTY] === 'string' &&
  Object.keys(value).length === 1;

/** Where a field sits: what its ciphertext is bound to. */
export type FieldContext = Readonly<{ streamId: string; eventId: string; path: string }>;

const aadOf = ({ streamId, eventId, path }: FieldContext): Buffer =>
  Buffer.from(`crm.personal-field.${FORMAT}\u0000${streamId}\u0000${eventId}\u0000${path}`, 'utf8');

export const sealField = (key: Buffer, keyVersion: number, value: unknown, context: FieldContext): FieldEnvelope => {
  const sealed = seal(key, Buffer.from(JSON.stringify(value), 'utf8'), aadOf(context));
  return { [ENVELOPE_PROPERTY]: `${FORMAT}:${keyVersion}:${sealed.toString('base64')}` };
};

/** Whether an envelope names this key version, by a prefix test (no parsing, no decoding). */
export const namesKeyVersion = (envelope: FieldEnvelope, keyVersion: number): boolean =>
  envelope[ENVELOPE_PROPERTY].startsWith(`${FORMAT}:${keyVersion}:`);

/** The key version an envelope was sealed with. */
export const envelopeKeyVersion = (envelope: FieldEnvelope, context: FieldContext): number =>
  parse(envelope, context).keyVersion;

/** The field's value; throws DecryptionError when the key, the context or the bytes are wrong. */
export const openField = (key: Buffer, envelope: FieldEnvelope, context: FieldContext): unknown => {
  const { sealed } = parse(envelope, context);
  const plaintext = open(
    key,
    sealed,
    aadOf(context),
    `stream ${context.streamId}, event ${context.eventId}, field ${context.path}`,
  );
  try {
    return JSON.parse(plaintext.toString('utf8')) as unknown;
  } catch {
    throw new DecryptionError(`stream ${context.streamId}, event ${context.eventId}, field ${context.path}`);
  }
};

const parse = (envelope: FieldEnvelope, context: FieldContext): { keyVersion: number; sealed: Buffer } => {
  const match = ENVELOPE_PATTERN.exec(envelope[ENVELOPE_PROPERTY]);
  if (match === null) throw new CorruptEnvelopeError(context.streamId, context.eventId, context.path);
  return { keyVersion: Number(match[1]), sealed: Buffer.from(match[2], 'base64') };
};
