import { StringDecoder } from 'node:string_decoder';

/** The largest batch: 100,000 commands of ~500 bytes fit with room to spare. */
export const BATCH_LIMIT_BYTES = 50 * 1024 * 1024;

/** The lines of an NDJSON stream, read as they arrive; whether it ran past the limit is known once they end. */
export type NdjsonLines = Readonly<{ lines: AsyncIterable<string>; tooLarge: () => boolean }>;

/**
 * Splits `chunks` into lines without holding more than one line and one chunk; once more than
 * `limitBytes` have come in, yields no more lines (nor a partial last one) and discards the rest.
 */
export const ndjsonLines = (chunks: AsyncIterable<Buffer | string>, limitBytes = BATCH_LIMIT_BYTES): NdjsonLines => {
  let overflowed = false;
  async function* lines(): AsyncGenerator<string> {
    const decoder = new StringDecoder('utf8');
    let bytes = 0;
    // The line being read, in pieces: only new text is searched, so a long line costs its length once.
    let pieces: string[] = [];
    for await (const chunk of chunks) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      overflowed ||= bytes > limitBytes;
      // Read to the end, discarding: leaving the loop would destroy the request and its socket,
      // and with it the answer, while a caller still uploading never got to read it.
      if (overflowed) continue;
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let from = 0;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
        const line = pieces.join('') + text.slice(from, at);
        pieces = [];
        from = at + 1;
        yield line.endsWith('\r') ? line.slice(0, -1) : line;
      }
      pieces.push(text.slice(from));
    }
    const last = pieces.join('') + decoder.end();
    if (last.length > 0 && !overflowed) yield last;
  }
  return { lines: lines(), tooLarge: () => overflowed };
};
