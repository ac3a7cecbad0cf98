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

  it('yields no line past the limit, reads the rest to the end and says so', async () => {
    let read = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (const chunk of ['{"a":1}\n', '{"b":2}\n{"c"', '\n{"d":4}\n']) {
        read += 1;
        yield Buffer.from(chunk);
      }
    }
    const input = ndjsonLines(counted(), 12);
    expect(await collect(input.lines)).toEqual(['{"a":1}']);
    expect(read).toBe(3);
    expect(input.tooLarge()).toBe(true);
  });
});
