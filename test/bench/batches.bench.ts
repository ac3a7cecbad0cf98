import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  cleanUpOnInterrupt,
  devToken,
  exchange,
  send,
  startApi,
  waitForReady,
  type ApiProcess,
  type Base,
} from './api-process';
import { BENCH_MANAGER, contactBody, registerClients } from './http-writes';
import { npmStartLaunch } from './npm-start-launch';
import type { BenchReport } from './report';

const CLIENTS = 200;
const SINGLE_REQUESTS = 5_000;
const CONNECTIONS = 16;
const BATCH_LINES = 20_000;

/** The baseline: the same contacts as one request each, 16 connections, a fresh Idempotency-Key each. */
async function singleRequests(base: Base, token: string, clients: readonly string[], runId: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const body = contactBody();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < SINGLE_REQUESTS) {
        const n = next++;
        const answer = await exchange(agent, base, {
          method: 'POST',
          path: `/v1/clients/${clients[n % clients.length]}/contacts`,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `single-${runId}-${n}`,
          },
          body,
        });
        if (answer.status !== 201) throw new Error(`single contact: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
    }),
  );
  agent.destroy();
  return (performance.now() - started) / 1000;
}

/** The same kind of contacts as one NDJSON batch; every line must be answered 201. */
async function oneBatch(base: Base, token: string, clients: readonly string[], runId: string): Promise<number> {
  const contact = JSON.parse(contactBody()) as unknown;
  const lines = Array.from({ length: BATCH_LINES }, (_, n) =>
    JSON.stringify({
      type: 'LogContact',
      clientId: clients[n % clients.length],
      body: contact,
      idempotencyKey: `batch-${runId}-${n}`,
    }),
  );
  const started = performance.now();
  const answer = await exchange(
    undefined,
    base,
    {
      method: 'POST',
      path: '/v1/batches',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: `${lines.join('\n')}\n`,
    },
    600_000,
  );
  const seconds = (performance.now() - started) / 1000;
  const accepted = answer.body
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"status":201')).length;
  if (answer.status !== 200 || accepted !== BATCH_LINES)
    throw new Error(`batch: ${answer.status}, ${accepted} of ${BATCH_LINES} accepted`);
  return seconds;
}

/**
 * `POST /v1/batches` against the built API as its own process (SQLite, durable): 20,000 LogContact
 * lines over 200 clients, each with an idempotency key, against the baseline of the same contacts
 * sent one request each over 16 connections, in the same run. Target from the issue: 5,000 lines/s.
 * BENCH_BATCHES_CPU_PROF=<dir> runs the API under `--cpu-prof` (summarise the file it leaves there
 * with dist/test/bench/cpu-profile-summary.js).
 */
export async function batchesBench(report: BenchReport): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-batches-'));
  let api: ApiProcess | null = null;
  const removeHandlers = cleanUpOnInterrupt(() => api, dir);
  try {
    const profileDir = process.env.BENCH_BATCHES_CPU_PROF;
    api = await startApi(
      { SQLITE_PATH: join(dir, 'crm.sqlite'), WORKERS: 'none', LOG_LEVEL: 'warn' },
      profileDir ? [...npmStartLaunch().nodeFlags, '--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] : undefined,
    );
    await waitForReady(api);
    const token = await devToken(api.base);
    await send(api.base, token, 'POST', '/v1/managers', BENCH_MANAGER);
    const clients = await registerClients(api.base, token, CLIENTS, 'batch');
    const runId = `${process.pid}-${Date.now()}`;
    const common = { bench: 'batches', store: 'sqlite (durable)', unit: 'lines' };
    const single = await singleRequests(api.base, token, clients, runId);
    report.record({
      ...common,
      name: `baseline: one POST …/contacts per line, ${CONNECTIONS} connections`,
      operations: SINGLE_REQUESTS,
      seconds: single,
      perSecond: SINGLE_REQUESTS / single,
      notes: 'a fresh Idempotency-Key each; WORKERS=none, LOG_LEVEL=warn',
    });
    const batch = await oneBatch(api.base, token, clients, runId);
    report.record({
      ...common,
      name: `POST /v1/batches, ${BATCH_LINES.toLocaleString('en')} LogContact lines over ${CLIENTS} clients`,
      operations: BATCH_LINES,
      seconds: batch,
      perSecond: BATCH_LINES / batch,
      target: 5_000,
      notes: `an idempotencyKey each; ${(BATCH_LINES / batch / (SINGLE_REQUESTS / single)).toFixed(2)}× the baseline's rate`,
    });
  } finally {
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
    removeHandlers();
  }
}
