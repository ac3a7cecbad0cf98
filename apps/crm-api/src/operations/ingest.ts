import { createReadStream, existsSync, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { StringDecoder } from 'node:string_decoder';
import { ProgressLine, runCommand } from '@crm/platform';

const USAGE =
  'usage: npm run ingest -- <file.ndjson> [--url <API base URL>] [--token <bearer token>]\n' +
  '  (or CRM_API_URL, default http://127.0.0.1:3000, and CRM_API_TOKEN)\n';

type Options = Readonly<{ file: string; url: string; token: string }>;

const optionsOf = (args: readonly string[], env: NodeJS.ProcessEnv): Options | null => {
  const flag = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const file = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const token = flag('--token') ?? env.CRM_API_TOKEN;
  if (file === undefined || token === undefined || token.length === 0) return null;
  return { file, url: (flag('--url') ?? env.CRM_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, ''), token };
};

/** Counts bytes on their way to the API, for the progress line. */
const counting = (onBytes: (bytes: number) => void) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });

/**
 * `npm run ingest -- file.ndjson`: streams a batch file to `POST /v1/batches` and writes its
 * answers (one NDJSON line per command, in line order) to stdout, with a progress line on stderr.
 * Exit 0 when every line was accepted, 1 when any line (or the batch) was refused, 2 on bad usage.
 */
const main = async (args: readonly string[]): Promise<number> => {
  const options = optionsOf(args, process.env);
  if (options === null) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!existsSync(options.file)) {
    process.stderr.write(`ingest failed: ${options.file} does not exist\n`);
    return 1;
  }
  const size = statSync(options.file).size;
  const progress = new ProgressLine(process.stderr);
  let sent = 0;
  let answered = 0;
  let refused = 0;
  const draw = (force = false) =>
    progress.update(
      `ingest: sent ${((100 * sent) / Math.max(1, size)).toFixed(1)} % of ${(size / 1048576).toFixed(1)} MiB, ` +
        `${answered.toLocaleString('en')} lines answered, ${refused.toLocaleString('en')} refused`,
      force,
    );
  const body = createReadStream(options.file).pipe(
    counting((bytes) => {
      sent += bytes;
      draw();
    }),
  );
  const response = await fetch(`${options.url}/v1/batches`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': 'application/x-ndjson',
      'content-length': String(size),
    },
    body: Readable.toWeb(body) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 200 || response.body === null) {
    process.stderr.write(`ingest failed: the API answered ${response.status}: ${await response.text()}\n`);
    return 1;
  }
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
    const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (line.length === 0) continue;
      answered += 1;
      if ((JSON.parse(line) as { status: number }).status >= 300) refused += 1;
      process.stdout.write(`${line}\n`);
    }
    draw();
  }
  draw(true);
  progress.end();
  process.stderr.write(`ingest: ${answered - refused} of ${answered} lines accepted\n`);
  return refused === 0 ? 0 : 1;
};

runCommand('ingest', () => main(process.argv.slice(2)));
