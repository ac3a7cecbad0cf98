import { StringDecoder } from 'node:string_decoder';

/** The largest batch: 100,000 commands of ~500 bytes fit with room to spare. */
export const BATCH_LIMIT_BYTES = 50 * 1024 * 1024;

/** The lines of an NDJSON stream, read as they arrive; whether it ran past the limit is known once they end. */
export type NdjsonLines = Readonly<{ lines: AsyncIterable<string>; tooLarge: () => boolean }>;

/**
 * Splits `chunks` into lines without holding more than one line and one chunk, and stops reading
 * (without a partial last line) once more than `limitBytes` have come in.
 */
export const ndjsonLines = (chunks: AsyncIterable<Buffer | string>, limitBytes = BATCH_LIMIT_BYTES): NdjsonLines => {
  let overflowed = false;
  async function* lines(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    let rest = '';
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (bytes > limitBytes) {
        overflowed = true;
        return;
      }
      const parts = (rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
      rest = parts.pop()!;
      for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
    }
    rest += decoder.end();
    if (rest.length > 0) yield rest;
  }
  return { lines: lines(), tooLarge: () => overflowed };
};
