import { MAX_MESSAGE_BYTES, type IntegrationMessage } from './integration-message';
import { isRecord } from './validation/is-record';
import { validateMessage } from './validation/validate-message';

export type ParseResult = { ok: true; message: IntegrationMessage } | { ok: false; errors: string[] };

type Decoded = { ok: true; value: unknown } | { ok: false; errors: string[] };

const refuse = (error: string): { ok: false; errors: string[] } => ({ ok: false, errors: [error] });

const TOO_LARGE = `message is larger than ${MAX_MESSAGE_BYTES} bytes`;

const parseJson = (text: string): Decoded => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // The parser's message quotes the input around the error; never pass it on.
    return refuse('message is not valid JSON');
  }
};

const decode = (raw: unknown): Decoded => {
  if (raw instanceof Uint8Array) {
    if (raw.byteLength > MAX_MESSAGE_BYTES) return refuse(TOO_LARGE);
    return parseJson(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  }
  if (typeof raw === 'string') {
    if (Buffer.byteLength(raw, 'utf8') > MAX_MESSAGE_BYTES) return refuse(TOO_LARGE);
    return parseJson(raw);
  }
  // An already-parsed value gets the same size limit as its JSON form.
  let text: string | undefined;
  try {
    text = JSON.stringify(raw);
  } catch {
    return refuse('message is not JSON-compatible');
  }
  if (text !== undefined && Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) return refuse(TOO_LARGE);
  return { ok: true, value: raw };
};

/** A detached copy in envelope order, so the caller never holds the sender's objects. */
const canonical = (value: Readonly<Record<string, unknown>>): IntegrationMessage => {
  const data = value.data as Readonly<Record<string, unknown>>;
  return {
    specversion: '1.0',
    id: value.id as string,
    source: value.source as string,
    type: value.type as string,
    subject: value.subject as string,
    time: value.time as string,
    datacontenttype: 'application/json',
    dataschema: value.dataschema as string,
    streamrevision: value.streamrevision as number,
    globalposition: value.globalposition as string,
    recordedat: value.recordedat as string,
    correlationid: value.correlationid as string,
    data: Object.fromEntries(
      Object.entries(data).map(([key, field]) => [key, Array.isArray(field) ? [...(field as unknown[])] : field]),
    ),
  };
};

/**
 * Accepts a Buffer, string or already-parsed value; validates the envelope and the data of the
 * named type. Error strings name fields and constraints but never echo values (they may be hostile
 * or personal). Unknown type, bad JSON, oversize (> 1 MiB) → ok:false.
 */
export function parseIntegrationMessage(raw: Buffer | string | unknown): ParseResult {
  const decoded = decode(raw);
  if (!decoded.ok) return decoded;
  if (!isRecord(decoded.value)) return refuse('message must be a JSON object');
  const { errors } = validateMessage(decoded.value);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, message: canonical(decoded.value) };
}
