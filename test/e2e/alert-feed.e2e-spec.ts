import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Controller, Get, Module, Param, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, EventStoreModule, type EventStore, type NewEvent } from '@crm/event-store';
import { AuthModule, createValidationPipe, ErrorFilter, TokenService } from '@crm/api-kit';
import { ConfigModule, loadConfig, type AppConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { AlertFeed } from '../../apps/crm-api/src/alerts/alert-feed';
import { AlertFeedModule } from '../../apps/crm-api/src/alerts/alert-feed.module';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * `GET /v1/alerts/stream` over real HTTP: the app in-process on a real port, alert events appended
 * straight to its store, the feed read as a browser's EventSource would.
 */

/** One parsed SSE message (or comment / retry line). */
type Frame = Readonly<{ id?: string; event?: string; data?: string; retry?: string; comments: string[] }>;

const parseFrame = (text: string): Frame => {
  const fields: Record<string, string> = {};
  const comments: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim());
    else {
      const colon = line.indexOf(':');
      fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
    }
  }
  return { ...fields, comments };
};

/** Reads a feed connection in the background, collecting its frames; `until` waits for a condition on them. */
class SseReader {
  readonly frames: Frame[] = [];
  ended = false;
  private rest = '';
  private readonly done: Promise<void>;

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.done = this.pump();
  }

  static async open(
    baseUrl: string,
    token: string,
    options: { lastEventId?: string; query?: string } = {},
  ): Promise<SseReader> {
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}/v1/alerts/stream${options.query ?? ''}`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
      },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    return new SseReader(response, abort);
  }

  get events(): Frame[] {
    return this.frames.filter((frame) => frame.id !== undefined);
  }

  get ids(): string[] {
    return this.events.map((frame) => frame.id as string);
  }

  async until(condition: (reader: SseReader) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${this.ids.length} events`);
      if (this.ended) throw new Error(`connection ended while waiting for ${what}`);
      await sleep(10);
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }

  /** Resolves when the server has ended the connection. */
  async finished(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.done,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('connection did not end')), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    expect(this.ended).toBe(true);
  }

  private async pump(): Promise<void> {
    const body = this.response.body;
    if (!body) throw new Error('no body');
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        this.rest += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.rest.indexOf('\n\n')) >= 0) {
          this.frames.push(parseFrame(this.rest.slice(0, end)));
          this.rest = this.rest.slice(end + 2);
        }
      }
      this.ended = true;
    } catch {
      // Aborted by close(), or cut by the server.
      this.ended = true;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Closes the app without waiting on sockets a client opened but never sent a request on: fetch's
 * pool sometimes opens a spare one, and Node's server.close() leaves those until headersTimeout
 * (a minute). Streams are ended by the app itself before this matters.
 */
const closeApp = async (app: NestFastifyApplication, beforeSockets: () => Promise<void> = async () => undefined) => {
  const closing = app.close();
  await beforeSockets();
  app.getHttpServer().closeAllConnections();
  await closing;
};

const eventOf = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: uuidv7(),
  type,
  data,
  metadata: {
    occurredAt: new Date().toISOString(),
    correlationId: uuidv7(),
    causationId: uuidv7(),
    actor: { userId: 'u-officer-7', role: 'risk_officer' },
  },
  schemaVersion: 1,
});

const raised = (alertId: string, clientId: string) =>
  eventOf('AlertRaised', {
    alertId,
    clientId,
    ruleId: 'EW-DPD',
    ruleVersion: 1,
    episode: 1,
    severity: 'high',
    reason: 'Facility F-1 is 35 days past due',
    evidence: [uuidv7()],
    raisedAt: new Date().toISOString(),
    dueBy: new Date(Date.now() + 86_400_000).toISOString(),
  });

const escalated = (alertId: string, clientId: string) =>
  eventOf('AlertEscalated', {
    alertId,
    clientId,
    from: 'high',
    severity: 'critical',
    to: 'risk_monitor',
    reason: 'Days past due crossed 60',
    evidence: [uuidv7()],
    escalatedAt: new Date().toISOString(),
    dueBy: new Date(Date.now() + 3_600_000).toISOString(),
  });

/** The feed's own variables (published names keep ALERT_STREAM_), read once while the app is built. */
const STREAM_ENV = {
  ALERT_STREAM_HEARTBEAT_MS: '200',
  ALERT_STREAM_PAGE_SIZE: '100',
  ALERT_STREAM_MAX_QUEUED_EVENTS: '100',
  ALERT_STREAM_MAX_QUEUED_BYTES: '65536',
  ALERT_STREAM_MAX_CONNECTIONS_PER_USER: '5',
  ALERT_STREAM_MAX_CONNECTIONS: '8',
};

const withStreamEnv = async <T>(work: () => Promise<T>): Promise<T> => {
  const saved = Object.keys(STREAM_ENV).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, STREAM_ENV);
  try {
    return await work();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

const streamSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`alert feed (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let closed = false;
    let baseUrl: string;
    let anonymous: ApiClient;
    let officer: string;
    let store: EventStore;
    let feed: AlertFeed;

    const tokenFor = async (claims: Record<string, string>): Promise<string> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return response.body.token;
    };

    /** A new alert's first event; returns its ids and the position. */
    const raise = async () => {
      const alertId = uuidv7();
      const clientId = uuidv7();
      const { position } = await store.appendToStream(`alert-${alertId}`, [raised(alertId, clientId)], {
        expectedRevision: 'no_stream',
      });
      return { alertId, clientId, position: position.toString() };
    };

    /** Alert positions in the log after `after`, in order: what a resuming client must get. */
    const alertPositionsAfter = async (after: string): Promise<string[]> =>
      (await store.readAll({ after: BigInt(after) }))
        .filter((event) => event.streamId.startsWith('alert-'))
        .map((event) => event.position.toString());

    const until = async (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(10);
      }
    };

    const metrics = async (): Promise<string> => (await fetch(`${baseUrl}/metrics`)).text();

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      // No in-process workers: the feed reads the store alone, whatever else consumes alerts.
      const config: AppConfig = loadConfig({
        ...prepared.env,
        PORT: '0',
        LOG_LEVEL: 'silent',
        WORKERS: 'none',
        SQLITE_DURABLE: 'false',
      });
      app = await withStreamEnv(() => createCrmApi(config));
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      baseUrl = `http://127.0.0.1:${address.port}`;
      anonymous = new ApiClient(baseUrl);
      officer = await tokenFor({ sub: 'u-officer-1', role: 'risk_officer' });
      store = app.get<EventStore>(EVENT_STORE);
      feed = app.get(AlertFeed);
    });

    afterAll(async () => {
      if (!closed && app) await closeApp(app);
      await cleanup();
    });

    afterEach(async () => {
      // Every test closes its connections; none may linger in the feed.
      if (!closed) await until(() => feed.connections === 0, 'connections to close');
    });

    it('answers with an event stream: headers, retry, then live alert events with id = position', async () => {
      const reader = await SseReader.open(baseUrl, officer);
      expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(reader.response.headers.get('cache-control')).toBe('no-cache');
      expect(reader.response.headers.get('x-accel-buffering')).toBe('no');
      await reader.until((s) => s.frames.length > 0, 'the first frame');
      expect(reader.frames[0].retry).toBe('2000');

      const alert = await raise();
      await store.appendToStream(
        `client-${alert.clientId}`,
        [eventOf('ClientProfileUpdated', { clientId: alert.clientId })],
        {
          expectedRevision: 'any',
        },
      );
      const acknowledged = await store.appendToStream(
        `alert-${alert.alertId}`,
        [
          eventOf('AlertAcknowledged', {
            alertId: alert.alertId,
            clientId: alert.clientId,
            acknowledgedBy: 'u-officer-1',
            acknowledgedAt: new Date().toISOString(),
          }),
        ],
        { expectedRevision: 0 },
      );
      const resolved = await store.appendToStream(
        `alert-${alert.alertId}`,
        [
          eventOf('AlertResolved', {
            alertId: alert.alertId,
            clientId: alert.clientId,
            outcome: 'actioned',
            note: 'Spoke to Mr Li on 138 0000 0000',
            resolvedBy: 'u-officer-1',
            resolvedAt: new Date().toISOString(),
          }),
        ],
        { expectedRevision: 1 },
      );

      await reader.until((s) => s.events.length >= 3, 'three alert events');
      expect(reader.ids).toEqual([alert.position, acknowledged.position.toString(), resolved.position.toString()]);
      expect(reader.events.map((frame) => frame.event)).toEqual(['AlertRaised', 'AlertAcknowledged', 'AlertResolved']);
      const [first, second, third] = reader.events.map(
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shape checked here
        (frame) => JSON.parse(frame.data as string) as Record<string, any>,
      );
      expect(first).toMatchObject({
        alertId: alert.alertId,
        clientId: alert.clientId,
        type: 'AlertRaised',
        revision: 0,
        position: alert.position,
      });
      expect(first.data).toMatchObject({ ruleId: 'EW-DPD', severity: 'high', episode: 1 });
      expect(typeof first.recordedAt).toBe('string');
      expect(second).toMatchObject({
        type: 'AlertAcknowledged',
        revision: 1,
        data: { alertId: alert.alertId, clientId: alert.clientId },
      });
      expect(second.data).not.toHaveProperty('acknowledgedBy');
      expect(third.data).toEqual({
        alertId: alert.alertId,
        clientId: alert.clientId,
        outcome: 'actioned',
        resolvedAt: expect.any(String),
      });
      expect(reader.frames.map((frame) => frame.data ?? '').join('')).not.toMatch(/Mr Li|u-officer/);
      await reader.close();
    });

    it('sends heartbeats while nothing happens', async () => {
      const reader = await SseReader.open(baseUrl, officer);
      await reader.until(
        (s) => s.frames.filter((frame) => frame.comments.includes('heartbeat')).length >= 2,
        'two heartbeats',
        3_000,
      );
      await reader.close();
    });

    it('resumes after Last-Event-ID with exactly the missed events in order, then live', async () => {
      const first = await SseReader.open(baseUrl, officer);
      await first.until((s) => s.frames.length > 0, 'connected');
      const seen = await raise();
      await first.until((s) => s.ids.includes(seen.position), 'the first alert');
      await first.close();
      await until(() => feed.connections === 0, 'the first connection to be gone');

      // Missed while away: more than a catch-up page (100), mixed with events of other streams.
      for (let n = 0; n < 30; n += 1) {
        const alertId = uuidv7();
        const clientId = uuidv7();
        await store.appendToStream(
          `alert-${alertId}`,
          [raised(alertId, clientId), ...Array.from({ length: 9 }, () => escalated(alertId, clientId))],
          {
            expectedRevision: 'no_stream',
          },
        );
        await store.appendToStream(`client-${clientId}`, [eventOf('ClientProfileUpdated', { clientId })], {
          expectedRevision: 'any',
        });
      }

      // And more arriving while the catch-up runs.
      const resumed = await SseReader.open(baseUrl, officer, { lastEventId: seen.position });
      const during = (async () => {
        for (let n = 0; n < 20; n += 1) await raise();
      })();
      await during;
      const expected = await alertPositionsAfter(seen.position);
      expect(expected.length).toBe(300 + 20);
      await resumed.until((s) => s.ids.length >= expected.length, `${expected.length} events`);
      const live = await raise();
      await resumed.until((s) => s.ids.includes(live.position), 'the live event');
      expect(resumed.ids).toEqual([...expected, live.position]);

      // `?since` does the same for a first request.
      const fromQuery = await SseReader.open(baseUrl, officer, { query: `?since=${seen.position}` });
      await fromQuery.until((s) => s.ids.length >= expected.length + 1, 'the same events');
      expect(fromQuery.ids).toEqual([...expected, live.position]);
      // The header wins over the query (a reconnecting EventSource keeps its first URL).
      const both = await SseReader.open(baseUrl, officer, {
        query: `?since=${seen.position}`,
        lastEventId: expected.at(-1),
      });
      const next = await raise();
      await both.until((s) => s.ids.length >= 2, 'the newest two');
      expect(both.ids).toEqual([live.position, next.position]);
      for (const reader of [resumed, fromQuery, both]) await reader.close();
    });

    it('is for risk officers, branch heads, relationship managers and admins only, each with the claim they are scoped by', async () => {
      expect((await fetch(`${baseUrl}/v1/alerts/stream`)).status).toBe(401);
      const refused = async (claims: Record<string, string>, query = '') => {
        const response = await fetch(`${baseUrl}/v1/alerts/stream${query}`, {
          headers: { authorization: `Bearer ${await tokenFor(claims)}` },
        });
        return { status: response.status, body: (await response.json()) as { code: string; errors: unknown[] } };
      };
      for (const role of ['dpo', 'service']) {
        expect(await refused({ sub: 'u-1', role })).toMatchObject({ status: 403, body: { code: 'AUTH.FORBIDDEN' } });
      }
      expect(await refused({ sub: 'u-1', role: 'relationship_manager' })).toMatchObject({
        status: 403,
        body: { code: 'AUTH.CLAIM_MISSING' },
      });
      expect(await refused({ sub: 'u-1', role: 'branch_head' })).toMatchObject({
        status: 403,
        body: { code: 'AUTH.CLAIM_MISSING' },
      });
      // Another branch is as unknown to a branch head as a branch that does not exist.
      expect(await refused({ sub: 'u-2', role: 'branch_head', branchId: 'BR-1' }, '?branchId=BR-2')).toMatchObject({
        status: 404,
        body: { code: 'BRANCH.NOT_FOUND' },
      });
      expect(await refused({ sub: 'u-2', role: 'admin' }, '?severity=urgent')).toMatchObject({
        status: 400,
        body: { errors: [expect.objectContaining({ field: 'severity' })] },
      });
      for (const claims of [
        { role: 'branch_head', branchId: 'BR-1' } as Record<string, string>,
        { role: 'relationship_manager', managerId: 'M-1' },
        { role: 'admin' },
      ]) {
        const reader = await SseReader.open(baseUrl, await tokenFor({ sub: 'u-2', ...claims }));
        await reader.close();
      }
    });

    /**
     * Three audiences on one run that raises alerts in two branches: a risk officer gets every
     * alert event, the branch head of BR-A those of BR-A's clients, a relationship manager those of
     * the one client they manage (acknowledgements and escalations included, which name no branch
     * or manager), and a filter on severity and rule narrows on the server. The relationship
     * manager then drops, misses events and resumes with Last-Event-ID: exactly their missed ones.
     */
    it('sends each audience exactly its alerts, under filters and across a resume', async () => {
      const admin = anonymous.withToken(await tokenFor({ sub: 'u-admin', role: 'admin' }));
      for (const [managerId, branchId] of [
        ['M-FA1', 'BR-FA'],
        ['M-FA2', 'BR-FA'],
        ['M-FB1', 'BR-FB'],
      ]) {
        const registered = await admin.post('/v1/managers', {
          managerId,
          name: `Manager ${managerId}`,
          branchId,
          level: 'senior',
        });
        expect([managerId, registered.status]).toEqual([managerId, 201]);
      }
      const client = async (branchId: string, managerId: string): Promise<string> => {
        const created = await admin.post<{ id: string }>('/v1/clients', {
          branchId,
          segment: 'sme',
          industry: 'retail',
          legalName: 'Feed Scope Ltd',
          registrationNo: `RN-${uuidv7()}`,
          contact: { phone: '+8612345678' },
          source: 'branch',
        });
        expect(created.status).toBe(201);
        const assigned = await admin.put(`/v1/clients/${created.body.id}/manager`, { managerId, reason: 'coverage' });
        expect(assigned.status).toBe(200);
        return created.body.id;
      };
      const mine = await client('BR-FA', 'M-FA1');
      const colleagues = await client('BR-FA', 'M-FA2');
      const otherBranch = await client('BR-FB', 'M-FB1');

      const everyone = await SseReader.open(baseUrl, officer);
      const branchHead = await SseReader.open(
        baseUrl,
        await tokenFor({ sub: 'u-bh-fa', role: 'branch_head', branchId: 'BR-FA' }),
      );
      const managerToken = await tokenFor({ sub: 'u-rm-fa1', role: 'relationship_manager', managerId: 'M-FA1' });
      const manager = await SseReader.open(baseUrl, managerToken);
      const critical = await SseReader.open(baseUrl, officer, { query: '?severity=critical&ruleId=EW-DPD' });

      const alertOn = async (clientId: string) => {
        const alertId = `EW-DPD.${clientId}.${uuidv7()}`;
        const { position } = await store.appendToStream(`alert-${alertId}`, [raised(alertId, clientId)], {
          expectedRevision: 'no_stream',
        });
        return { alertId, clientId, position: position.toString() };
      };
      const follow = async (alert: { alertId: string; clientId: string }, event: NewEvent) =>
        (
          await store.appendToStream(`alert-${alert.alertId}`, [event], { expectedRevision: 'any' })
        ).position.toString();
      const acknowledged = (alert: { alertId: string; clientId: string }) =>
        eventOf('AlertAcknowledged', {
          alertId: alert.alertId,
          clientId: alert.clientId,
          acknowledgedBy: 'u-officer-7',
          acknowledgedAt: new Date().toISOString(),
        });

      const onMine = await alertOn(mine);
      const onColleagues = await alertOn(colleagues);
      const onOther = await alertOn(otherBranch);
      const mineEscalated = await follow(onMine, escalated(onMine.alertId, mine));
      const otherEscalated = await follow(onOther, escalated(onOther.alertId, otherBranch));
      const mineAcknowledged = await follow(onMine, acknowledged(onMine));

      const all = [
        onMine.position,
        onColleagues.position,
        onOther.position,
        mineEscalated,
        otherEscalated,
        mineAcknowledged,
      ];
      await everyone.until((reader) => reader.ids.length >= all.length, 'every alert event');
      // The officer's feed is in position order, so once it has them all, the filtered feeds have judged them too.
      await branchHead.until((reader) => reader.ids.includes(mineAcknowledged), 'the branch head’s last event');
      await manager.until((reader) => reader.ids.includes(mineAcknowledged), 'the manager’s last event');
      await critical.until((reader) => reader.ids.includes(otherEscalated), 'the last critical event');
      await sleep(200);
      expect(everyone.ids).toEqual(all);
      expect(branchHead.ids).toEqual([onMine.position, onColleagues.position, mineEscalated, mineAcknowledged]);
      expect(manager.ids).toEqual([onMine.position, mineEscalated, mineAcknowledged]);
      // Escalated to critical; the acknowledgement after it is of a critical alert too.
      expect(critical.ids).toEqual([mineEscalated, otherEscalated, mineAcknowledged]);

      const lastSeen = manager.ids.at(-1) as string;
      await manager.close();
      const missedOnMine = await alertOn(mine);
      await alertOn(otherBranch);
      await alertOn(colleagues);
      const missedAcknowledged = await follow(missedOnMine, acknowledged(missedOnMine));
      const resumed = await SseReader.open(baseUrl, managerToken, { lastEventId: lastSeen });
      await resumed.until((reader) => reader.ids.includes(missedAcknowledged), 'the missed events');
      const live = await alertOn(mine);
      await resumed.until((reader) => reader.ids.includes(live.position), 'the next live event');
      expect(resumed.ids).toEqual([missedOnMine.position, missedAcknowledged, live.position]);

      for (const reader of [everyone, branchHead, resumed, critical]) await reader.close();
    });

    it('refuses a Last-Event-ID or since that is not a position', async () => {
      const refused = async (headers: Record<string, string>, query = '') => {
        const response = await fetch(`${baseUrl}/v1/alerts/stream${query}`, {
          headers: { authorization: `Bearer ${officer}`, ...headers },
        });
        if (response.status !== 400) {
          await response.body?.cancel();
          throw new Error(`${JSON.stringify(headers)} ${query} answered ${response.status}`);
        }
        return (await response.json()) as { code: string; errors: { field: string }[] };
      };
      // (Leading and trailing spaces are not the value's: HTTP strips them from every header.)
      for (const bad of ['abc', '-1', '1.5', '0x10', '1 2', '', '12345678901234567890']) {
        expect(await refused({ 'last-event-id': bad })).toMatchObject({
          code: 'REQUEST.INVALID',
          errors: [{ field: 'Last-Event-ID' }],
        });
      }
      expect(await refused({}, '?since=abc')).toMatchObject({ code: 'REQUEST.INVALID', errors: [{ field: 'since' }] });
      expect(await refused({}, '?since=1&since=2')).toMatchObject({ code: 'REQUEST.INVALID' });
      expect(await refused({}, '?from=1')).toMatchObject({ code: 'REQUEST.INVALID' });
      expect(await refused({ 'last-event-id': 'x' }, '?since=1')).toMatchObject({
        errors: [{ field: 'Last-Event-ID' }],
      });
    });

    it('drops a client that reads nothing once its backlog passes the limit, holding nothing for it', async () => {
      const droppedBefore =
        /crm_alert_stream_dropped_total\{reason="slow_client"\} (\d+)/.exec(await metrics())?.[1] ?? '0';
      // A client that keeps up gets the same burst and stays connected.
      const startedAt = (await store.headPosition()).toString();
      const healthy = await SseReader.open(baseUrl, officer);
      await until(() => feed.connections === 1, 'the healthy client to attach');
      const socket: Socket = connect({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
      let tail = '';
      let serverEnded = false;
      socket.on('end', () => {
        serverEnded = true;
      });
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        tail = (tail + chunk.toString('latin1')).slice(-8192);
      });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `GET /v1/alerts/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${officer}\r\nAccept: text/event-stream\r\n\r\n`,
      );
      await until(() => feed.connections === 2, 'the raw client to attach');
      socket.pause(); // From now on the client reads nothing.

      // Batches of 500 until the server gives up on it: the kernel's socket buffers take some
      // first, then the connection's own queue (100 messages / 64 KiB here) overflows.
      let appended = 0;
      let last = 0n;
      while (feed.connections > 1) {
        if (appended >= 40_000) throw new Error('the slow client was never dropped');
        const alertId = uuidv7();
        const clientId = uuidv7();
        const { position } = await store.appendToStream(
          `alert-${alertId}`,
          [raised(alertId, clientId), ...Array.from({ length: 499 }, () => escalated(alertId, clientId))],
          { expectedRevision: 'no_stream' },
        );
        appended += 500;
        last = position;
        await until(() => feed.position >= position, 'the feed to publish the batch');
      }
      expect(feed.connections).toBe(1);
      expect(healthy.ended).toBe(false);
      expect(await metrics()).toMatch(
        new RegExp(`crm_alert_stream_dropped_total\\{reason="slow_client"\\} ${Number(droppedBefore) + 1}\\b`),
      );
      expect(await metrics()).toMatch(/crm_alert_stream_connections 1\b/);
      const everything = await alertPositionsAfter(startedAt);
      await healthy.until((s) => s.ids.length >= everything.length, `all ${everything.length} events`, 30_000);
      expect(healthy.ids).toEqual(everything);
      await healthy.close();
      await until(() => feed.connections === 0, 'no connection left');
      expect(await metrics()).toMatch(/crm_alert_stream_connections 0\b/);

      // The server closed it: reading again, the client gets what was in flight, then the end.
      socket.resume();
      await until(() => serverEnded || socket.destroyed, 'the server to close the connection', 10_000);
      const ids = [...tail.matchAll(/^id: (\d+)$/gm)].map((match) => BigInt(match[1]));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids[ids.length - 1]).toBeLessThan(last); // cut off, not sent everything
      socket.destroy();

      // A dropped client that comes back is still served.
      const reader = await SseReader.open(baseUrl, officer);
      await reader.until((s) => s.frames.length > 0, 'connected');
      await reader.close();
    });

    it('caps open connections per user and in all with 429 and Retry-After, and admits again as they close', async () => {
      await until(async () => /crm_alert_stream_connections 0\b/.test(await metrics()), 'earlier connections closed');
      const refusal = async (token: string) => {
        const response = await fetch(`${baseUrl}/v1/alerts/stream`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 429) await response.body?.cancel();
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          body: response.status === 429 ? ((await response.json()) as { code: string }) : null,
        };
      };
      const mine = await Promise.all(Array.from({ length: 5 }, () => SseReader.open(baseUrl, officer)));
      expect(await refusal(officer)).toEqual({
        status: 429,
        retryAfter: '30',
        body: expect.objectContaining({ code: 'ALERT_FEED.TOO_MANY_CONNECTIONS' }),
      });
      const colleague = await tokenFor({ sub: 'u-colleague', role: 'risk_officer' });
      const theirs = await Promise.all(Array.from({ length: 3 }, () => SseReader.open(baseUrl, colleague)));
      const third = await tokenFor({ sub: 'u-third', role: 'risk_officer' });
      expect(await refusal(third)).toMatchObject({ status: 429, retryAfter: '30' });
      expect(await metrics()).toMatch(/crm_alert_stream_refused_total\{scope="user"\} 1\b/);
      expect(await metrics()).toMatch(/crm_alert_stream_refused_total\{scope="total"\} 1\b/);

      await mine[0].close();
      await until(async () => /crm_alert_stream_connections 7\b/.test(await metrics()), 'one connection closed');
      const admitted = await SseReader.open(baseUrl, third);
      for (const reader of [...mine.slice(1), ...theirs, admitted]) await reader.close();
    });

    it('ends every open connection when the app shuts down', async () => {
      const readers = [
        await SseReader.open(baseUrl, officer),
        await SseReader.open(baseUrl, officer, { lastEventId: '1' }),
      ];
      await until(() => feed.connections === 2, 'both connections');
      const started = Date.now();
      closed = true;
      await closeApp(app, async () => {
        for (const reader of readers) await reader.finished();
        expect(Date.now() - started).toBeLessThan(5_000);
      });
      expect(feed.connections).toBe(0);
    });
  });

streamSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('alert-feed-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

streamSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('alert_feed_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});

/** Someone else's `GET /v1/alerts/:id`, registered before or after the feed's module. */
@Controller('alerts')
class AlertByIdController {
  @Get(':id')
  get(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [AlertByIdController] })
class AlertByIdModule {}

describe('alert feed route beside GET /v1/alerts/:id', () => {
  const dir = scratchDir('alert-feed-route');
  afterAll(() => dir.cleanup());

  it.each([
    ['registered before', [AlertByIdModule, AlertFeedModule]],
    ['registered after', [AlertFeedModule, AlertByIdModule]],
  ])('the static path wins when :id is %s', async (_, order) => {
    const config = loadConfig({
      SQLITE_PATH: join(dir.path, `${_.replace(' ', '-')}.sqlite`),
      LOG_LEVEL: 'silent',
      SQLITE_DURABLE: 'false',
    });
    @Module({})
    class RouteTestModule {
      static forRoot(): DynamicModule {
        return {
          module: RouteTestModule,
          imports: [
            ConfigModule.forRoot(config),
            AuthModule,
            EventStoreModule.forRoot({ kind: 'sqlite', path: config.sqlitePath, durable: false }),
            ...order,
          ],
        };
      }
    }
    const app = await NestFactory.create<NestFastifyApplication>(RouteTestModule.forRoot(), new FastifyAdapter(), {
      logger: false,
    });
    app.setGlobalPrefix('v1');
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    try {
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      const baseUrl = `http://127.0.0.1:${address.port}`;
      const token = await app.get(TokenService).issue({ userId: 'u-officer', role: 'risk_officer' }, 60);

      const reader = await SseReader.open(baseUrl, token);
      expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await reader.until((s) => s.frames.length > 0 && s.frames[0].retry === '2000', 'the retry line');
      await reader.close();
      const byId = await fetch(`${baseUrl}/v1/alerts/0193a000-0000-7000-8000-000000000001`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await byId.json()).toEqual({ id: '0193a000-0000-7000-8000-000000000001' });
    } finally {
      await closeApp(app);
    }
  });
});
