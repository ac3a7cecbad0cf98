import { ndjsonLines } from './ndjson-lines';

const collect = async (iterable: AsyncIterable<string>): Promise<string[]> => {
  const lines: string[] = [];
  for await (const line of iterable) lines.push(line);
  return lines;
};

async function* chunksOf(...chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, multi-byte characters included, with or without CR', async () => {
    const bytes = Buffer.from('{"a":"é"}\r\n{"b":2}\n\n{"c":"€"}');
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 13), bytes.subarray(13, 31), bytes.subarray(31)];
    const input = ndjsonLines(chunksOf(...chunks));
    expect(await collect(input.lines)).toEqual(['{"a":"é"}', '{"b":2}', '', '{"c":"€"}']);
    expect(input.tooLarge()).toBe(false);
  });

  it('stops reading past the limit and says so', async () => {
    const input = ndjsonLines(chunksOf(Buffer.from('{"a":1}\n'), Buffer.from('{"b":2}\n{"c"')), 12);
    expect(await collect(input.lines)).toEqual(['{"a":1}']);
    expect(input.tooLarge()).toBe(true);
  });
});
