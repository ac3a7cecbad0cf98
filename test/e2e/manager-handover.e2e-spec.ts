import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ApiClient,
  createTestSchema,
  describeWithPostgres,
  eventually,
  POSTGRES_TEST_URL,
  scratchDir,
} from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * A manager leaves and a branch head hands their clients over, through the real API on SQLite and
 * PostgreSQL: the departure leaves 30 clients uncovered, ends each client's coverage period and
 * raises EW-CORE-MGR for the core ones, bad handovers store nothing, a split
 * between a senior and an associate manager covers every client again, each client's history
 * names both managers and the handover, the departed manager's portfolio is empty, and the core
 * clients given to the associate raise EW-CORE-MGR.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Uncovered = {
  items: { id: string; tier: string | null; managerId: string | null; reason: string }[];
  totals: { clients: number; core: number };
};
type Handover = {
  handoverId: string;
  moved: { clientId: string; managerId: string; position: string }[];
  skipped: string[];
};
type Departure = Write & { departedAt: string; coverageLapsed: { clientId: string; position: string }[] };
type Alert = { id: string; clientId: string; ruleId: string; severity: string; reason: string; status: string };
type Coverage = { items: { managerId: string; from: string; to: string | null; handoverId: string | null }[] };

const BRANCH = 'BR-HAND';
const CLIENTS = 30;
/** Clients 0, 5, 20 and 25 are core: two of them go to the senior colleague, two to the associate. */
const CORE = new Set([0, 5, 20, 25]);

const handoverSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`manager departure and handover (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let head: ApiClient;
    let dpo: ApiClient;
    let risk: ApiClient;
    let as: (claims: Record<string, string>) => Promise<ApiClient>;
    const clients: string[] = [];
    let lastPosition = '0';
    let departedAt = '';

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };

    const uncovered = async (): Promise<Uncovered> =>
      status(await head.get<Uncovered>(`/v1/branches/${BRANCH}/uncovered-clients?minPosition=${lastPosition}`), 200);

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi(prepared.env);
      app = api.app;
      as = api.as;
      admin = await as({ sub: 'u-hand-admin', role: 'admin' });
      head = await as({ sub: 'u-hand-bh', role: 'branch_head', branchId: BRANCH });
      dpo = await as({ sub: 'u-hand-dpo', role: 'dpo' });
      risk = await as({ sub: 'u-hand-risk', role: 'risk_officer' });

      for (const [managerId, level] of [
        ['M-GONE', 'senior'],
        ['M-SEN', 'senior'],
        ['M-ASSOC', 'associate'],
        ['M-LEFT', 'senior'],
      ]) {
        status(
          await admin.post('/v1/managers', { managerId, name: `Manager ${managerId}`, branchId: BRANCH, level }),
          201,
        );
      }
      status(await admin.post('/v1/managers/M-LEFT/departure', { reason: 'retired' }), 200);
      for (let n = 0; n < CLIENTS; n++) {
        const { id } = status(
          await admin.post<Write>('/v1/clients', {
            branchId: BRANCH,
            segment: 'sme',
            industry: 'retail',
            legalName: `Handover ${String(n).padStart(2, '0')} Ltd`,
            registrationNo: `RN-HAND-${n}`,
            contact: { phone: '+8612345678' },
            source: 'branch',
          }),
          201,
        );
        status(await admin.post(`/v1/clients/${id}/conversion`, {}), 200);
        lastPosition = status(
          await admin.put<Write>(`/v1/clients/${id}/manager`, { managerId: 'M-GONE', reason: 'coverage' }),
          200,
        ).position;
        if (CORE.has(n)) status(await admin.put(`/v1/clients/${id}/tier`, { tier: 'core', reason: 'review' }), 200);
        clients.push(id);
      }
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lists every client of a departed manager as uncovered, core first', async () => {
      expect((await uncovered()).items).toEqual([]);
      departedAt = new Date(Date.now() - 3_600_000).toISOString();
      const departure = status(
        await admin.post<Departure>('/v1/managers/M-GONE/departure', { departedAt, reason: 'resigned' }),
        200,
      );
      expect(departure.departedAt).toBe(departedAt);
      expect(new Set(departure.coverageLapsed.map((note) => note.clientId))).toEqual(new Set(clients));
      lastPosition = departure.position;
      const list = await uncovered();
      expect(list.totals).toEqual({ clients: CLIENTS, core: CORE.size });
      expect(list.items.slice(0, CORE.size).every((client) => client.tier === 'core')).toBe(true);
      expect(new Set(list.items.map((client) => client.reason))).toEqual(new Set(['manager_departed']));
      expect(new Set(list.items.map((client) => client.id))).toEqual(new Set(clients));

      // Recorded again, the first date stands and every client is noted already.
      const again = status(await admin.post<Departure>('/v1/managers/M-GONE/departure', { reason: 'again' }), 200);
      expect([again.departedAt, again.revision, again.coverageLapsed]).toEqual([departedAt, departure.revision, []]);

      const history = status(await head.get<Coverage>(`/v1/clients/${clients[3]}/coverage-history`), 200);
      expect(history.items).toEqual([expect.objectContaining({ managerId: 'M-GONE', to: departedAt })]);
      const view = status(
        await head.get<{ manager: { id: string; departedAt?: string } }>(
          `/v1/clients/${clients[3]}?minPosition=${lastPosition}`,
        ),
        200,
      );
      expect(view.manager).toEqual(expect.objectContaining({ id: 'M-GONE', departedAt }));
      const future = await admin.post<Failure>('/v1/managers/M-SEN/departure', {
        departedAt: new Date(Date.now() + 86_400_000).toISOString(),
        reason: 'leaving next month',
      });
      expect([future.status, future.body.errors.map((error) => error.field)]).toEqual([400, ['departedAt']]);
    });

    const coreMgrAlerts = async (statuses: string): Promise<Alert[]> =>
      status(await risk.get<{ items: Alert[] }>(`/v1/alerts?ruleId=EW-CORE-MGR&status=${statuses}&limit=200`), 200)
        .items;

    it('raises EW-CORE-MGR (medium) for the core clients the departure left uncovered, and only for them', async () => {
      const expected = new Set([...CORE].map((n) => clients[n]));
      let seen: Alert[] = [];
      await eventually(async () => {
        seen = await coreMgrAlerts('open');
        return seen.length >= expected.size;
      }, 15_000);
      expect(new Set(seen.map((alert) => alert.clientId))).toEqual(expected);
      expect(new Set(seen.map((alert) => `${alert.severity}: ${alert.reason}`))).toEqual(
        new Set(['medium: core client whose manager left the bank: nobody covers it']),
      );
      // The risk officer works them while the branch plans the handover.
      for (const alert of seen) {
        status(
          await risk.post(`/v1/alerts/${alert.id}/resolution`, { outcome: 'actioned', note: 'handover planned' }),
          200,
        );
      }
    });

    it('refuses a bad handover as a whole, naming the field, and stores nothing', async () => {
      const refusals: [unknown, number, string][] = [
        [{ toManagerId: 'M-LEFT' }, 422, 'toManagerId'],
        [{ toManagerId: 'M-NOBODY' }, 422, 'toManagerId'],
        [{}, 400, 'toManagerId'],
        [{ toManagerId: 'M-SEN', assignments: [{ clientId: clients[0], managerId: 'M-SEN' }] }, 400, 'toManagerId'],
        [
          {
            assignments: [
              { clientId: clients[0], managerId: 'M-SEN' },
              { clientId: '00000000-0000-4000-8000-0000000000ff', managerId: 'M-SEN' },
            ],
          },
          422,
          'assignments.1.clientId',
        ],
        [{ assignments: [{ clientId: clients[1], managerId: 'M-LEFT' }] }, 422, 'assignments.0.managerId'],
        [{ assignments: [{ clientId: 'not-a-uuid', managerId: 'M-SEN' }] }, 400, 'assignments.0.clientId'],
      ];
      for (const [body, code, field] of refusals) {
        const answer = await head.post<Failure>('/v1/managers/M-GONE/handover', body);
        expect([JSON.stringify(body), answer.status, answer.body.errors?.map((error) => error.field)]).toEqual([
          JSON.stringify(body),
          code,
          [field],
        ]);
      }
      expect((await uncovered()).totals.clients).toBe(CLIENTS);
    });

    it('covers every client again after a split between two managers, and shows it in each history', async () => {
      const assignments = clients.map((clientId, n) => ({ clientId, managerId: n < 15 ? 'M-SEN' : 'M-ASSOC' }));
      const result = status(await head.post<Handover>('/v1/managers/M-GONE/handover', { assignments }), 200);
      expect(result.moved.map(({ clientId, managerId }) => ({ clientId, managerId }))).toEqual(assignments);
      expect(result.skipped).toEqual([]);
      lastPosition = result.moved[result.moved.length - 1].position;

      expect((await uncovered()).items).toEqual([]);
      const portfolio = status(
        await admin.get<{ clients: unknown[] }>(`/v1/managers/M-GONE/portfolio?minPosition=${lastPosition}`),
        200,
      );
      expect(portfolio.clients).toEqual([]);
      const senior = status(await admin.get<{ clients: { id: string }[] }>('/v1/managers/M-SEN/portfolio'), 200);
      expect(senior.clients.map((client) => client.id).sort()).toEqual(clients.slice(0, 15).sort());

      const history = status(await head.get<Coverage>(`/v1/clients/${clients[20]}/coverage-history`), 200);
      expect(history.items).toEqual([
        expect.objectContaining({ managerId: 'M-GONE', to: departedAt, handoverId: null }),
        expect.objectContaining({ managerId: 'M-ASSOC', to: null, handoverId: result.handoverId }),
      ]);

      // Every read that named the client is in its access log.
      const log = status(
        await dpo.get<{ entries: { userId: string; route: string }[] }>(`/v1/clients/${clients[20]}/access-log`),
        200,
      );
      expect(new Set(log.entries.map((entry) => `${entry.userId} ${entry.route}`))).toEqual(
        new Set([
          'u-hand-bh /v1/branches/:id/uncovered-clients',
          'u-hand-bh /v1/clients/:id/coverage-history',
          // The risk officer's alert list named it too (its departure alert).
          'u-hand-risk /v1/alerts',
        ]),
      );

      // Sent again, nothing is left to move.
      const again = status(await head.post<Handover>('/v1/managers/M-GONE/handover', { toManagerId: 'M-SEN' }), 200);
      expect([again.moved, again.skipped]).toEqual([[], []]);
    });

    it('raises EW-CORE-MGR (low) again for the core clients the associate took, and only for them', async () => {
      const expected = new Set([clients[20], clients[25]]);
      let seen: Alert[] = [];
      await eventually(async () => {
        seen = await coreMgrAlerts('open,acknowledged,escalated');
        return seen.length >= expected.size;
      }, 15_000);
      expect(new Set(seen.map((alert) => alert.clientId))).toEqual(expected);
      expect(new Set(seen.map((alert) => `${alert.severity}: ${alert.reason}`))).toEqual(
        new Set(['low: core client covered by an associate-level manager']),
      );
    });

    it('moves a manager to another branch, who still covers their clients', async () => {
      const move = status(
        await admin.put<Write>('/v1/managers/M-SEN/branch', { branchId: 'BR-ELSEWHERE', reason: 'rotation' }),
        200,
      );
      lastPosition = move.position;
      expect((await uncovered()).items).toEqual([]);
      const portfolio = status(
        await admin.get<{ clients: unknown[] }>(`/v1/managers/M-SEN/portfolio?minPosition=${lastPosition}`),
        200,
      );
      expect(portfolio.clients).toHaveLength(15);
      const departed = await admin.put<Failure>('/v1/managers/M-GONE/branch', { branchId: 'BR-X', reason: 'late' });
      expect([departed.status, departed.body.code]).toEqual([422, 'MANAGER.INACTIVE']);
    });

    it('lets the branch head hand over the clients a manager who moved away still covers, and nobody else', async () => {
      const elsewhere = await as({ sub: 'u-hand-bh3', role: 'branch_head', branchId: 'BR-THIRD' });
      const stranger = await elsewhere.post<Failure>('/v1/managers/M-SEN/handover', { toManagerId: 'M-ASSOC' });
      expect([stranger.status, stranger.body.code]).toEqual([404, 'MANAGER.NOT_FOUND']);

      const moved = clients.slice(0, 2).map((clientId) => ({ clientId, managerId: 'M-ASSOC' }));
      const result = status(await head.post<Handover>('/v1/managers/M-SEN/handover', { assignments: moved }), 200);
      expect(result.moved.map(({ clientId, managerId }) => ({ clientId, managerId }))).toEqual(moved);
      const history = status(await head.get<Coverage>(`/v1/clients/${clients[0]}/coverage-history`), 200);
      expect(history.items.map((period) => period.managerId)).toEqual(['M-GONE', 'M-SEN', 'M-ASSOC']);
    });

    it("changes a manager's level, and refuses it for a departed one", async () => {
      status(await admin.put('/v1/managers/M-ASSOC/level', { level: 'senior', reason: 'promotion' }), 200);
      const departed = await admin.put<Failure>('/v1/managers/M-GONE/level', { level: 'principal', reason: 'late' });
      expect([departed.status, departed.body.code]).toEqual([422, 'MANAGER.INACTIVE']);
    });
  });

handoverSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('manager-handover-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

handoverSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('manager_handover_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
