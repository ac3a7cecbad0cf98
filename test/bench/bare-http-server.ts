import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { Base } from './api-process';

/**
 * The baseline of the HTTP bench: a bare `node:http` server answering every request with the
 * same JSON body (the size of a client view), in its own process with the API's Node flags, so
 * "API ÷ bare" compares the API with the least any Node HTTP server on this machine can do, in
 * the same run and under the same load generator.
 */
export type BareServer = Readonly<{ base: Base; bodyBytes: number; stop: () => Promise<void> }>;

export function startBareServer(body: string, nodeFlags: readonly string[]): Promise<BareServer> {
  // Its stdin is a pipe from this process: when the bench goes, however it goes, the pipe closes
  // and the server exits with it.
  const child = spawn(process.execPath, [...nodeFlags, __filename], {
    env: { ...process.env, BARE_HTTP_BODY: body },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => void stop().then(() => reject(new Error('bare server did not start'))), 10_000);
    child.once('exit', (code) => reject(new Error(`bare server exited (code ${String(code)})`)));
    child.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ base: { host: '127.0.0.1', port }, bodyBytes: Buffer.byteLength(body), stop });
    });
  });
}

function serve(): void {
  const body = Buffer.from(process.env.BARE_HTTP_BODY ?? '{}');
  const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };
  const server = createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address !== null)
      process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });
}

if (require.main === module) serve();
