import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv from 'ajv';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * The complaints list and the monthly summary through the real API, on SQLite and PostgreSQL. A
 * month is built by hand: complaints received last month (Shanghai's calendar) and a minute ago,
 * some acknowledged and resolved now. The summaries of both months must equal figures this file
 * works out from what it sent (and from the server's acknowledgement and resolution times, which
 * the list returns), by the documented definitions, not by the code under test. Then the list's
 * filters and paging, scope (another branch's manager and head see none of it), and bad input.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Item = {
  complaintId: string;
  clientId: string;
  branchId: string;
  managerId: string | null;
  category: string;
  severity: string | null;
  status: string;
  receivedAt: string;
  acknowledgeBy: string | null;
  dueBy: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  escalated: string[];
  overdue: boolean;
};
type Page = { items: Item[]; nextCursor: string | null };
type Share = { total: number; withDeadline: number; inTime: number; inTimeShare: number | null };
type Summary = {
  month: string;
  received: { total: number; byCategory: { category: string; count: number }[]; bySeverity: Record<string, number> };
  resolved: Share & { resolutionHours: { p50: number | null; p90: number | null } };
  acknowledged: Share;
};
type Operation = { responses: Record<string, { content: Record<string, { schema: object }> }> };
/** What a complaint was sent with, and what then happened to it. */
type Sent = { key: string; client: 'c1' | 'c2' | 'c3'; category: string; severity?: string; receivedAt: string };

const BRANCH = 'BR-CQ';
const OTHER_BRANCH = 'BR-CX';
const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/** Shanghai has no summer time: a month starts at 00:00 +08:00 on its first day. */
const monthStart = (year: number, month: number): number => Date.UTC(year, month - 1, 1) - SHANGHAI;
const monthName = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;
const shanghaiToday = new Date(Date.now() + SHANGHAI);
const [THIS_YEAR, THIS_MONTH] = [shanghaiToday.getUTCFullYear(), shanghaiToday.getUTCMonth() + 1];
const [LAST_YEAR, LAST_MONTH] = THIS_MONTH === 1 ? [THIS_YEAR - 1, 12] : [THIS_YEAR, THIS_MONTH - 1];
/** A time of last month, Shanghai wall clock. */
const lastMonth = (day: number, hour: number, minute = 0): string =>
  new Date(monthStart(LAST_YEAR, LAST_MONTH) + ((day - 1) * 24 + hour) * HOUR + minute * 60_000).toISOString();

const SENT: Sent[] = [
  { key: 'k1', client: 'c1', category: 'fees', severity: 'high', receivedAt: lastMonth(1, 0) },
  { key: 'k2', client: 'c1', category: 'fees', severity: 'medium', receivedAt: lastMonth(5, 10) },
  { key: 'k3', client: 'c2', category: 'service', severity: 'low', receivedAt: lastMonth(12, 9, 30) },
  // No severity: the default (medium). Received on the 1st at noon, so past both deadlines by now.
  { key: 'k4', client: 'c2', category: 'advice', receivedAt: lastMonth(1, 12) },
  // The last millisecond of last month.
  {
    key: 'k5',
    client: 'c2',
    category: 'service',
    severity: 'high',
    receivedAt: new Date(monthStart(THIS_YEAR, THIS_MONTH) - 1).toISOString(),
  },
  {
    key: 'k6',
    client: 'c1',
    category: 'fees',
    severity: 'low',
    receivedAt: new Date(Date.now() - 60_000).toISOString(),
  },
  {
    key: 'k7',
    client: 'c1',
    category: 'fees',
    severity: 'medium',
    receivedAt: new Date(Date.now() - 30_000).toISOString(),
  },
  // Another branch's client: in none of BR-CQ's figures.
  { key: 'k8', client: 'c3', category: 'fees', severity: 'high', receivedAt: lastMonth(10, 11) },
];
const ACKNOWLEDGED = ['k1', 'k2', 'k5', 'k6'];
const RESOLVED = ['k1', 'k3', 'k6', 'k8'];

/** The documented definitions, worked out here: the month's figures of a branch from its complaints. */
const expectedSummary = (month: string, from: number, to: number, items: readonly Item[]) => {
  const inMonth = (at: string | null): boolean => at !== null && Date.parse(at) >= from && Date.parse(at) < to;
  const share = (done: [string, string | null][]): Share => {
    const judged = done.filter(([, deadline]) => deadline !== null);
    const inTime = judged.filter(([at, deadline]) => Date.parse(at) <= Date.parse(deadline as string)).length;
    return {
      total: done.length,
      withDeadline: judged.length,
      inTime,
      inTimeShare: judged.length ? inTime / judged.length : null,
    };
  };
  const received = items.filter((item) => inMonth(item.receivedAt));
  const categories = [...new Set(received.map((item) => item.category))]
    .map((category) => ({ category, count: received.filter((item) => item.category === category).length }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
  const severity = (level: string) => received.filter((item) => item.severity === level).length;
  const resolved = items.filter((item) => inMonth(item.resolvedAt));
  const hours = resolved
    .map((item) => Math.round((Date.parse(item.resolvedAt as string) - Date.parse(item.receivedAt)) / 36_000) / 100)
    .sort((a, b) => a - b);
  const rank = (p: number) => (hours.length === 0 ? null : hours[Math.ceil((p * hours.length) / 100) - 1]);
  return {
    month,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    received: {
      total: received.length,
      byCategory: categories,
      bySeverity: { low: severity('low'), medium: severity('medium'), high: severity('high'), unrecorded: 0 },
    },
    resolved: {
      ...share(resolved.map((item) => [item.resolvedAt as string, item.dueBy])),
      resolutionHours: { p50: rank(50), p90: rank(90) },
    },
    acknowledged: share(
      items
        .filter((item) => inMonth(item.acknowledgedAt))
        .map((item) => [item.acknowledgedAt as string, item.acknowledgeBy]),
    ),
  };
};

const complaintsSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`complaints list and monthly summary (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let head: ApiClient;
    let otherHead: ApiClient;
    let manager: ApiClient;
    let otherManager: ApiClient;
    let dpo: ApiClient;
    let lastPosition = '0';
    const clients: Record<Sent['client'], string> = { c1: '', c2: '', c3: '' };
    const ids: Record<string, string> = {};
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    let schemas: { components: object; paths: Record<string, Record<string, unknown>> };

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = <T extends Write>(answer: { status: number; body: T }, expected = 200): T => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    /** The answer checked against the schema the OpenAPI document gives its route. */
    const documented = <T>(path: string, body: T): T => {
      const operation = schemas.paths[path]?.get as Operation;
      const schema = operation.responses['200'].content['application/json'].schema;
      const validate = ajv.compile({ ...schema, components: schemas.components });
      expect([path, validate(body) ? [] : validate.errors]).toEqual([path, []]);
      return body;
    };
    const list = async (client: ApiClient, query = ''): Promise<Page> =>
      documented(
        '/v1/complaints',
        status(await client.get<Page>(`/v1/complaints?minPosition=${lastPosition}&limit=200${query}`), 200),
      );
    const keysOf = (page: Page): string[] =>
      page.items
        .map((item) => Object.keys(ids).find((key) => ids[key] === item.complaintId) ?? item.complaintId)
        .sort();

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector', BANK_TIME_ZONE: 'Asia/Shanghai' });
      app = api.app;
      admin = await api.as({ sub: 'u-cq-admin', role: 'admin' });
      head = await api.as({ sub: 'u-cq-bh', role: 'branch_head', branchId: BRANCH });
      otherHead = await api.as({ sub: 'u-cx-bh', role: 'branch_head', branchId: OTHER_BRANCH });
      manager = await api.as({ sub: 'u-cq-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-CQ1' });
      otherManager = await api.as({
        sub: 'u-cx-rm',
        role: 'relationship_manager',
        branchId: OTHER_BRANCH,
        managerId: 'M-CX1',
      });
      dpo = await api.as({ sub: 'u-cq-dpo', role: 'dpo' });
      schemas = (await admin.get<typeof schemas>('/docs-json')).body;
      for (const [managerId, branchId] of [
        ['M-CQ1', BRANCH],
        ['M-CX1', OTHER_BRANCH],
      ]) {
        status(await admin.post('/v1/managers', { managerId, name: managerId, branchId, level: 'senior' }), 201);
      }
      for (const [key, branchId, managerId] of [
        ['c1', BRANCH, 'M-CQ1'],
        ['c2', BRANCH, 'M-CQ1'],
        ['c3', OTHER_BRANCH, 'M-CX1'],
      ] as const) {
        clients[key] = written(
          await admin.post<Write>('/v1/clients', {
            branchId,
            segment: 'sme',
            industry: 'retail',
            legalName: `Complaint Client ${key}`,
            registrationNo: `RN-CQ-${key}`,
            contact: { phone: '+86 21 5555 0100' },
            source: 'branch',
          }),
          201,
        ).id;
        written(await admin.put<Write>(`/v1/clients/${clients[key]}/manager`, { managerId, reason: 'coverage' }));
      }
      for (const sent of SENT) {
        const url = `/v1/clients/${clients[sent.client]}/complaints`;
        const body = {
          category: sent.category,
          text: `Secret complaint text ${sent.key}`,
          receivedAt: sent.receivedAt,
          channel: 'phone',
          ...(sent.severity === undefined ? {} : { severity: sent.severity }),
        };
        ids[sent.key] = written(await admin.post<Write & { complaintId: string }>(url, body), 201).complaintId;
      }
      for (const key of ACKNOWLEDGED) {
        const sent = SENT.find((s) => s.key === key) as Sent;
        written(
          await admin.post<Write>(`/v1/clients/${clients[sent.client]}/complaints/${ids[key]}/acknowledgement`, {}),
        );
      }
      for (const key of RESOLVED) {
        const sent = SENT.find((s) => s.key === key) as Sent;
        const outcome = key === 'k1' ? { outcome: 'upheld', redressAmount: '120.00', currency: 'CNY' } : {};
        written(
          await admin.post<Write>(`/v1/clients/${clients[sent.client]}/complaints/${ids[key]}/resolution`, {
            resolution: 'answered',
            ...outcome,
          }),
        );
      }
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lists every complaint with the deadlines it was received with, newest received first, and no text', async () => {
      const page = await list(admin);
      expect(keysOf(page)).toEqual(SENT.map((sent) => sent.key).sort());
      const received = page.items.map((item) => Date.parse(item.receivedAt));
      expect(received).toEqual([...received].sort((a, b) => b - a));
      for (const item of page.items) {
        const sent = SENT.find((s) => ids[s.key] === item.complaintId) as Sent;
        expect(item).toMatchObject({
          clientId: clients[sent.client],
          branchId: sent.client === 'c3' ? OTHER_BRANCH : BRANCH,
          managerId: sent.client === 'c3' ? 'M-CX1' : 'M-CQ1',
          category: sent.category,
          severity: sent.severity ?? 'medium',
          receivedAt: sent.receivedAt,
          // 15 calendar days; 2 business days on the bank calendar are at least 2 days.
          dueBy: new Date(Date.parse(sent.receivedAt) + 15 * 24 * HOUR).toISOString(),
          status: RESOLVED.includes(sent.key) ? 'resolved' : ACKNOWLEDGED.includes(sent.key) ? 'acknowledged' : 'open',
          escalated: [],
        });
        expect(Date.parse(item.acknowledgeBy as string) - Date.parse(sent.receivedAt)).toBeGreaterThanOrEqual(
          48 * HOUR,
        );
      }
      expect(JSON.stringify(page)).not.toMatch(/Secret complaint text/);
    });

    it('sums up last month and this month as worked out from what was sent', async () => {
      // What was sent (category, severity or its default, receipt), with the server's times of acknowledgement
      // and resolution and the deadlines the list gives.
      const all = (await list(admin, `&branchId=${BRANCH}`)).items.map((item): Item => {
        const sent = SENT.find((s) => ids[s.key] === item.complaintId) as Sent;
        return { ...item, category: sent.category, severity: sent.severity ?? 'medium', receivedAt: sent.receivedAt };
      });
      for (const [year, month] of [
        [LAST_YEAR, LAST_MONTH],
        [THIS_YEAR, THIS_MONTH],
      ]) {
        const name = monthName(year, month);
        const to = month === 12 ? monthStart(year + 1, 1) : monthStart(year, month + 1);
        const summary = status(
          await head.get<Summary>(
            `/v1/branches/${BRANCH}/complaints-summary?month=${name}&minPosition=${lastPosition}`,
          ),
          200,
        );
        documented('/v1/branches/{id}/complaints-summary', summary);
        expect(summary).toMatchObject(expectedSummary(name, monthStart(year, month), to, all));
      }
      // Last month holds k1 to k5 whenever this runs; this month the resolutions and acknowledgements made now.
      const last = status(
        await admin.get<Summary>(`/v1/branches/${BRANCH}/complaints-summary?month=${monthName(LAST_YEAR, LAST_MONTH)}`),
        200,
      );
      expect(last.received.total).toBeGreaterThanOrEqual(5);
      const current = status(await admin.get<Summary>(`/v1/branches/${BRANCH}/complaints-summary`), 200);
      expect([current.month, current.resolved.total, current.acknowledged.total]).toEqual([
        monthName(THIS_YEAR, THIS_MONTH),
        3,
        4,
      ]);
    });

    it('filters by status, overdue and branch, and pages on the cursor', async () => {
      const all = await list(admin);
      const now = Date.now();
      const overdue = (item: Item) =>
        (item.status !== 'resolved' && Date.parse(item.dueBy as string) < now) ||
        (item.status === 'open' && Date.parse(item.acknowledgeBy as string) < now);
      const keys = (pick: (item: Item) => boolean) => keysOf({ items: all.items.filter(pick), nextCursor: null });
      expect(keysOf(await list(admin, '&status=open'))).toEqual(['k4', 'k7']);
      expect(keysOf(await list(admin, '&status=acknowledged,resolved'))).toEqual(['k1', 'k2', 'k3', 'k5', 'k6', 'k8']);
      const late = await list(admin, '&overdue=true');
      expect(keysOf(late)).toEqual(keys(overdue));
      expect(keysOf(late)).toContain('k4');
      expect(late.items.every((item) => item.overdue)).toBe(true);
      expect(keysOf(await list(admin, '&overdue=false'))).toEqual(keys((item) => !overdue(item)));
      expect(keysOf(await list(admin, `&branchId=${OTHER_BRANCH}`))).toEqual(['k8']);
      const paged: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: Page = status(
          await admin.get<Page>(`/v1/complaints?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        paged.push(...page.items.map((item) => item.complaintId));
        cursor = page.nextCursor;
      }
      expect(paged).toEqual(all.items.map((item) => item.complaintId));
    });

    it("keeps each caller to their scope: a manager or head of another branch sees none of the branch's complaints", async () => {
      expect(keysOf(await list(manager))).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
      expect(keysOf(await list(otherManager))).toEqual(['k8']);
      expect(keysOf(await list(otherHead, `&branchId=${BRANCH}`))).toEqual([]);
      expect(keysOf(await list(head))).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
      const elsewhere = await otherHead.get<Failure>(`/v1/branches/${BRANCH}/complaints-summary`);
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'BRANCH.NOT_FOUND']);
      expect((await manager.get(`/v1/branches/${BRANCH}/complaints-summary`)).status).toBe(403);
    });

    it('records a list read in the read audit for each client listed, and a summary read for none', async () => {
      type Log = { entries: { route: string; userId: string }[] };
      const reads = async (client: Sent['client'], userId: string) =>
        status(await dpo.get<Log>(`/v1/clients/${clients[client]}/access-log`), 200).entries.filter(
          (entry) => entry.userId === userId,
        );
      const before = {
        c1: await reads('c1', 'u-cq-rm'),
        c3: await reads('c3', 'u-cq-rm'),
        head: await reads('c1', 'u-cq-bh'),
      };
      expect(keysOf(await list(manager, '&status=open'))).toEqual(['k4', 'k7']);
      status(await head.get(`/v1/branches/${BRANCH}/complaints-summary`), 200);
      const after = await reads('c1', 'u-cq-rm');
      // Newest first: the one new entry is the list's.
      expect(after.slice(0, after.length - before.c1.length)).toEqual([
        expect.objectContaining({ route: '/v1/complaints' }),
      ]);
      expect(await reads('c3', 'u-cq-rm')).toEqual(before.c3);
      expect(await reads('c1', 'u-cq-bh')).toEqual(before.head);
    });

    it('refuses bad query values with 400 and the field', async () => {
      for (const [url, field] of [
        [`/v1/branches/${BRANCH}/complaints-summary?month=2026-13`, 'month'],
        [`/v1/branches/${BRANCH}/complaints-summary?month=2026-3`, 'month'],
        ['/v1/complaints?status=bogus', 'status'],
        ['/v1/complaints?overdue=maybe', 'overdue'],
        ['/v1/complaints?limit=0', 'limit'],
        ['/v1/complaints?cursor=not-a-cursor', 'cursor'],
        ['/v1/complaints?branchId=BR%20X', 'branchId'],
      ]) {
        const answer = await admin.get<Failure>(url);
        expect([url, answer.status, answer.body.errors.map((e) => e.field)]).toEqual([url, 400, [field]]);
      }
    });
  });

complaintsSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('complaints-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

complaintsSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('complaints_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
