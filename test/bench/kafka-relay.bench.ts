import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parseIntegrationMessage, CLIENT_EVENTS_TOPIC, RISK_ALERTS_TOPIC } from '@crm/contracts';
import { SqliteEventStore } from '@crm/event-store';
import { EventRelay, KafkajsMessageBroker, type MessagingLogger } from '@crm/messaging';
import { appendClientEventMix, generateClientEventMix } from '../../libs/testing/src/client-event-mix';
import { summariseLatency, type BenchReport } from './report';

const BENCH = 'kafka';
const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 100_000);
const E2E_RATE = Number(process.env.BENCH_E2E_RATE ?? 200);
const E2E_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 30);
const WARM_UP_SECONDS = 5;
const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const quiet: MessagingLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const KAFKA_SCRIPT = resolve(__dirname, '../../../deploy/kafka/kafka.sh');

/**
 * Kafka: (1) relay throughput, events/s from the store's log to acknowledged by Kafka (acks=all,
 * idempotent producer), on a 100k-event SQLite log; (2) end-to-end latency from a command's HTTP
 * answer to a Kafka consumer seeing its event, through the real API process with the in-process
 * relay, at a steady open-loop rate. Uses KAFKA_BROKERS, or starts its own broker with
 * deploy/kafka/kafka.sh (and stops it).
 */
export async function kafkaRelayBench(report: BenchReport): Promise<void> {
  const kafka = await benchBroker();
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-kafka-'));
  try {
    for (const batchSize of [1000, 5000]) await relayThroughput(report, kafka.brokers, dir, batchSize);
    await endToEndLatency(report, kafka.brokers, dir);
    await alertLatency(report, kafka.brokers, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await kafka.stop();
  }
}

async function relayThroughput(
  report: BenchReport,
  brokers: readonly string[],
  dir: string,
  batchSize: number,
): Promise<void> {
  const store = await SqliteEventStore.open(join(dir, `relay-${batchSize}.sqlite`), { synchronous: 'NORMAL' });
  const broker = new KafkajsMessageBroker({ brokers, clientId: 'bench-relay', logger: quiet });
  try {
    const mix = generateClientEventMix({ clients: 2_000, managers: 50, events: RELAY_EVENTS, seed: 1 });
    await appendClientEventMix(store, mix, 5000, (done) => report.progress(`${BENCH}: appending`, done, mix.length));
    const topic = `bench-${Date.now()}-${batchSize}.${CLIENT_EVENTS_TOPIC}`;
    await broker.ensureTopics([{ name: topic, partitions: 12 }]);
    const started = performance.now();
    const relay = await EventRelay.start({
      store,
      broker,
      topic,
      logger: quiet,
      batchSize,
      partitions: 12,
      onBatchPublished: (batch) =>
        report.progress(`${BENCH}: relaying (batch ${batchSize})`, Number(batch.position), mix.length),
    });
    await relay.caughtUp;
    const seconds = (performance.now() - started) / 1000;
    await relay.stop();
    report.record({
      bench: BENCH,
      name: `relay store → Kafka acked (batch ${batchSize})`,
      store: 'sqlite → kafka',
      operations: mix.length,
      unit: 'events',
      seconds,
      perSecond: mix.length / seconds,
      notes:
        '12 partitions, acks=all, idempotent producer, one request in flight; includes mapping to CloudEvents and checkpointing',
    });
  } finally {
    await broker.close();
    await store.close();
  }
}

async function endToEndLatency(report: BenchReport, brokers: readonly string[], dir: string): Promise<void> {
  const prefix = `bench-${Date.now()}.`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(__dirname, '..', '..', 'apps', 'crm-api', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: join(dir, 'e2e.sqlite'),
        LOG_LEVEL: 'warn',
        AUTH_DEV_TOKENS: 'true',
        WORKERS: 'all',
        RATE_LIMIT_PER_MINUTE: '0',
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const broker = new KafkajsMessageBroker({ brokers, clientId: 'bench-e2e', logger: quiet });
  try {
    await waitForApi(base, api);
    const token = (
      (await (
        await fetch(`${base}/v1/dev/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sub: 'bench', role: 'admin' }),
        })
      ).json()) as { token: string }
    ).token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const post = async (path: string, body: unknown): Promise<{ id: string; revision: number }> => {
      const answer = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
      return (await answer.json()) as { id: string; revision: number };
    };
    await post('/v1/managers', { managerId: 'M-BENCH', name: 'Bench Manager', branchId: 'BR-B', level: 'senior' });
    const clients: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { id } = await post('/v1/clients', {
        branchId: 'BR-B',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: `Bench ${i} Ltd`,
        registrationNo: `91310000BENCH${String(i).padStart(5, '0')}`,
        contact: { phone: '+86 21 5555 0100' },
        source: 'bench',
      });
      clients.push(id);
    }

    const answeredAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    const topic = `${prefix}${CLIENT_EVENTS_TOPIC}`;
    await broker.ensureTopics([{ name: topic, partitions: 12 }]);
    const consumer = await broker.consume(
      { groupId: `bench-e2e-${Date.now()}`, topics: [topic], fromBeginning: false },
      async (messages, control) => {
        const now = performance.now();
        for (const message of messages) {
          const parsed = parseIntegrationMessage(message.value);
          if (parsed.ok) seenAt.set(`${parsed.message.subject}@${parsed.message.streamrevision}`, now);
          control.handled(message);
        }
      },
    );
    await sleep(3000);

    const total = (WARM_UP_SECONDS + E2E_SECONDS) * E2E_RATE;
    const measuredFrom = WARM_UP_SECONDS * E2E_RATE;
    const measured: string[] = [];
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    let errors = 0;
    for (let n = 0; n < total; n++) {
      const due = start + (n * 1000) / E2E_RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const clientId = clients[n % clients.length];
      inFlight.push(
        post(`/v1/clients/${clientId}/contacts`, {
          managerId: 'M-BENCH',
          channel: 'call',
          purpose: 'relationship',
          summary: 'bench call',
          occurredAt: new Date(Date.now() - 1000).toISOString(),
        }).then(
          ({ revision }) => {
            const key = `${clientId}@${revision}`;
            answeredAt.set(key, performance.now());
            if (n >= measuredFrom) measured.push(key);
          },
          () => {
            errors += 1;
          },
        ),
      );
      report.progress(`${BENCH}: commands at ${E2E_RATE}/s`, n + 1, total);
    }
    await Promise.all(inFlight);
    const seconds = (performance.now() - start) / 1000;
    const deadline = Date.now() + 30_000;
    while (measured.some((key) => !seenAt.has(key)) && Date.now() < deadline) await sleep(100);
    await consumer.stop();
    const latencies = measured
      .filter((key) => seenAt.has(key))
      .map((key) => Math.max(0, (seenAt.get(key) ?? 0) - (answeredAt.get(key) ?? 0)));
    const missing = measured.length - latencies.length;
    report.record({
      bench: BENCH,
      name: `command answer → Kafka consumer (${E2E_RATE}/s)`,
      store: 'sqlite → kafka',
      operations: latencies.length,
      unit: 'events',
      seconds,
      perSecond: measured.length / E2E_SECONDS,
      latency: summariseLatency(latencies),
      notes: `real API process, in-process relay, open loop ${E2E_RATE} contact logs/s over 50 clients for ${E2E_SECONDS} s after ${WARM_UP_SECONDS} s warm-up; ${errors} errors, ${missing} not seen; load generator, API and broker share the machine`,
    });
  } finally {
    await broker.close();
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));
  }
}

/**
 * Command answer → alert on the risk officers' alert feed (SSE), through Kafka: API (relay and risk
 * monitor in-process, the monitor consuming crm.client-events.v1) at a steady open-loop rate,
 * one command in ten a 35-days-past-due report for a client without alerts (each raises EW-DPD),
 * the rest contact logs. In the same run, command answer → the case that alert opens
 * (RiskCaseOpened) as a consumer of crm.risk-alerts.v1 sees it: the case keeper follows the store's
 * log, so this is the whole chain command → Kafka → monitor → alert → keeper → case → relay → Kafka.
 */
async function alertLatency(report: BenchReport, brokers: readonly string[], dir: string): Promise<void> {
  const prefix = `bench-alerts-${Date.now()}.`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(__dirname, '..', '..', 'apps', 'crm-api', 'src', 'main.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        EVENT_STORE: 'sqlite',
        SQLITE_PATH: join(dir, 'alerts.sqlite'),
        LOG_LEVEL: 'warn',
        AUTH_DEV_TOKENS: 'true',
        WORKERS: 'all',
        RATE_LIMIT_PER_MINUTE: '0',
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        RISK_SWEEP_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const sse = new AbortController();
  const broker = new KafkajsMessageBroker({ brokers, clientId: 'bench-cases', logger: quiet });
  try {
    await waitForApi(base, api);
    const tokenFor = async (role: string) =>
      (
        (await (
          await fetch(`${base}/v1/dev/tokens`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ sub: `bench-${role}`, role }),
          })
        ).json()) as { token: string }
      ).token;
    const headers = { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' };
    const send = async (method: string, path: string, body: unknown): Promise<void> => {
      const answer = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
      if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
      await answer.arrayBuffer();
    };
    await send('POST', '/v1/managers', {
      managerId: 'M-ALERT',
      name: 'Bench Manager',
      branchId: 'BR-A',
      level: 'senior',
    });
    const total = (WARM_UP_SECONDS + E2E_SECONDS) * E2E_RATE;
    const triggers = Math.ceil(total / 10) + 10;
    const clients: string[] = [];
    for (let i = 0; i < triggers; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(8, triggers - i) }, async (_, j) => {
          const answer = await fetch(`${base}/v1/clients`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              branchId: 'BR-A',
              segment: 'sme',
              industry: 'retail',
              legalName: `Alert Bench ${i + j} Ltd`,
              registrationNo: `91310000ALRT${String(i + j).padStart(5, '0')}`,
              contact: { phone: '+86 21 5555 0100' },
              source: 'bench',
            }),
          });
          const { id } = (await answer.json()) as { id: string };
          await send('POST', `/v1/clients/${id}/conversion`, {});
          await send('PUT', `/v1/clients/${id}/facilities/F-1`, { limit: '1000000.00', currency: 'CNY' });
          return id;
        }),
      );
      clients.push(...batch);
      report.progress(`${BENCH}: alert bench set-up (clients)`, clients.length, triggers);
    }

    const seenAt = new Map<string, number>();
    const response = await fetch(`${base}/v1/alerts/stream`, {
      headers: { authorization: `Bearer ${await tokenFor('risk_officer')}`, accept: 'text/event-stream' },
      signal: sse.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`alert feed: ${response.status}`);
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data:'));
            if (block.includes('event: AlertRaised') && data) {
              const { clientId } = JSON.parse(data.slice(5)) as { clientId: string };
              if (!seenAt.has(clientId)) seenAt.set(clientId, performance.now());
            }
          }
        }
      } catch {
        // aborted at the end
      }
    })();
    const caseSeenAt = new Map<string, number>();
    const casesTopic = `${prefix}${RISK_ALERTS_TOPIC}`;
    await broker.ensureTopics([{ name: casesTopic, partitions: 12 }]);
    const cases = await broker.consume(
      { groupId: `bench-cases-${Date.now()}`, topics: [casesTopic], fromBeginning: false },
      async (messages, control) => {
        const now = performance.now();
        for (const message of messages) {
          const parsed = parseIntegrationMessage(message.value);
          // Key and subject of case messages are the client.
          if (
            parsed.ok &&
            parsed.message.type === 'bank.crm.RiskCaseOpened.v1' &&
            !caseSeenAt.has(parsed.message.subject)
          )
            caseSeenAt.set(parsed.message.subject, now);
          control.handled(message);
        }
      },
    );
    await sleep(3000);

    const answeredAt = new Map<string, number>();
    const measured: string[] = [];
    const measuredFrom = WARM_UP_SECONDS * E2E_RATE;
    const inFlight: Promise<void>[] = [];
    let errors = 0;
    let nextTrigger = 0;
    const start = performance.now();
    for (let n = 0; n < total; n++) {
      const wait = start + (n * 1000) / E2E_RATE - performance.now();
      if (wait > 0) await sleep(wait);
      if (n % 10 === 0) {
        const clientId = clients[nextTrigger++];
        inFlight.push(
          send('POST', `/v1/clients/${clientId}/facilities/F-1/past-due`, {
            daysPastDue: 35,
            amountOverdue: '1000.00',
          }).then(
            () => {
              answeredAt.set(clientId, performance.now());
              if (n >= measuredFrom) measured.push(clientId);
            },
            () => {
              errors += 1;
            },
          ),
        );
      } else {
        inFlight.push(
          send('POST', `/v1/clients/${clients[n % clients.length]}/contacts`, {
            managerId: 'M-ALERT',
            channel: 'call',
            purpose: 'relationship',
            summary: 'bench call',
            occurredAt: new Date(Date.now() - 1000).toISOString(),
          }).catch(() => {
            errors += 1;
          }),
        );
      }
      report.progress(`${BENCH}: commands at ${E2E_RATE}/s (alerts)`, n + 1, total);
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + 30_000;
    while (measured.some((clientId) => !seenAt.has(clientId) || !caseSeenAt.has(clientId)) && Date.now() < deadline)
      await sleep(100);
    await cases.stop();
    const latenciesTo = (seen: ReadonlyMap<string, number>): number[] =>
      measured
        .filter((clientId) => seen.has(clientId))
        .map((clientId) => Math.max(0, (seen.get(clientId) ?? 0) - (answeredAt.get(clientId) ?? 0)));
    const latencies = latenciesTo(seenAt);
    const caseLatencies = latenciesTo(caseSeenAt);
    report.record({
      bench: BENCH,
      name: `command answer → alert on SSE via Kafka (${E2E_RATE}/s)`,
      store: 'sqlite → kafka',
      operations: latencies.length,
      unit: 'alerts',
      seconds: E2E_SECONDS,
      perSecond: latencies.length / E2E_SECONDS,
      latency: summariseLatency(latencies),
      notes: `real API process: relay, risk monitor (Kafka consumer group) and SSE in-process; ${E2E_RATE} commands/s open loop, 1 in 10 a past-due that raises EW-DPD; ${errors} errors, ${measured.length - latencies.length} alerts not seen in 30 s; p99 target 500 ms`,
    });
    report.record({
      bench: BENCH,
      name: `command answer → case opened on Kafka (${E2E_RATE}/s)`,
      store: 'sqlite → kafka',
      operations: caseLatencies.length,
      unit: 'cases',
      seconds: E2E_SECONDS,
      perSecond: caseLatencies.length / E2E_SECONDS,
      latency: summariseLatency(caseLatencies),
      notes: `same run: RiskCaseOpened for the alerted client seen by a consumer of crm.risk-alerts.v1 (monitor → alert → case keeper on the store's log → relay); ${measured.length - caseLatencies.length} cases not seen in 30 s; p99 target 500 ms`,
    });
  } finally {
    sse.abort();
    await broker.close();
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));
  }
}

async function waitForApi(base: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error('API exited during start');
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error('API did not become ready');
}

async function benchBroker(): Promise<{ brokers: readonly string[]; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), stop: async () => undefined };
  let port = await freePort();
  while (!(await isFree(port + 1))) port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'crm-bench-broker-'));
  const env = { ...process.env, KAFKA_STATE_DIR: state };
  process.stderr.write(`  ${BENCH}: starting a broker on 127.0.0.1:${port} (deploy/kafka/kafka.sh)\n`);
  await run(KAFKA_SCRIPT, ['start', String(port)], { env, timeout: 300_000 });
  return {
    brokers: [`127.0.0.1:${port}`],
    stop: async () => {
      await run(KAFKA_SCRIPT, ['stop', String(port)], { env }).catch(() => undefined);
      rmSync(state, { recursive: true, force: true });
    },
  };
}

const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });

const isFree = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
