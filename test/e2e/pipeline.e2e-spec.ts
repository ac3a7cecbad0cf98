import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * The sales pipeline through the real API on SQLite and PostgreSQL: a relationship manager
 * registers a prospect (and so covers and sees it), opens opportunities on it and on a client,
 * moves, wins and loses them; their pipeline and the branch dashboard give the totals and win rate
 * worked out by hand below; bad input is refused on its field and stores nothing.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Totals = {
  open: number;
  byStage: { stage: string; count: number; totals: { currency: string; amount: string }[] }[];
  since: string;
  won: number;
  lost: number;
  winRate: number | null;
};
type Pipeline = Totals & {
  managerId: string;
  opportunities: {
    id: string;
    clientId: string;
    legalName: string;
    stage: string;
    expectedAmount: string;
    currency: string;
  }[];
};

const BRANCH = 'BR-PL';

const pipelineSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`the sales pipeline (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let manager: ApiClient;
    let branchHead: ApiClient;
    let otherManager: ApiClient;
    let lastPosition = '0';
    let prospect = '';
    let client = '';
    const ids: Record<string, string> = {};

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = <T extends Write>(answer: { status: number; body: T }, expected = 200): T => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    const open = async (clientId: string, body: Record<string, unknown>): Promise<string> =>
      written(await manager.post<Write & { opportunityId: string }>(`/v1/clients/${clientId}/opportunities`, body), 201)
        .opportunityId;

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector' });
      app = api.app;
      admin = await api.as({ sub: 'u-pl-admin', role: 'admin' });
      manager = await api.as({ sub: 'u-pl-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-PL' });
      otherManager = await api.as({
        sub: 'u-pl-rm2',
        role: 'relationship_manager',
        branchId: BRANCH,
        managerId: 'M-PL2',
      });
      branchHead = await api.as({ sub: 'u-pl-bh', role: 'branch_head', branchId: BRANCH });
      for (const managerId of ['M-PL', 'M-PL2']) {
        status(
          await admin.post('/v1/managers', { managerId, name: managerId, branchId: BRANCH, level: 'senior' }),
          201,
        );
      }
      // The manager registers a prospect: they cover it, so it is in their scope at once.
      prospect = written(
        await manager.post<Write>('/v1/clients', {
          branchId: BRANCH,
          segment: 'sme',
          industry: 'retail',
          legalName: 'Pipeline Prospect Ltd',
          registrationNo: 'RN-PL-1',
          contact: { phone: '+86 21 5555 0100' },
          source: 'cold call',
        }),
        201,
      ).id;
      client = written(
        await admin.post<Write>('/v1/clients', {
          branchId: BRANCH,
          segment: 'corporate',
          industry: 'logistics',
          legalName: 'Pipeline Client Ltd',
          registrationNo: 'RN-PL-2',
          contact: { phone: '+86 21 5555 0100' },
          source: 'branch',
        }),
        201,
      ).id;
      status(await admin.post(`/v1/clients/${client}/conversion`, {}), 200);
      written(await admin.put<Write>(`/v1/clients/${client}/manager`, { managerId: 'M-PL', reason: 'coverage' }));

      // Hand-computed: open — prospect wealth 2,000,000.00 CNY (negotiation), client FX 150,000.50 USD
      // (lead), client loan 3,500,000.25 CNY (lead); closed — one won, one lost.
      ids.wealth = await open(prospect, { productCategory: 'wealth', expectedAmount: '2000000.00', currency: 'CNY' });
      written(
        await manager.put<Write>(`/v1/clients/${prospect}/opportunities/${ids.wealth}/stage`, { stage: 'negotiation' }),
      );
      ids.fx = await open(client, { productCategory: 'fx', expectedAmount: '150000.50', currency: 'USD' });
      ids.loan = await open(client, {
        productCategory: 'loan',
        productCode: 'TL-3Y',
        expectedAmount: '3500000.25',
        currency: 'CNY',
      });
      ids.won = await open(client, {
        productCategory: 'deposit',
        expectedAmount: '800000.00',
        currency: 'CNY',
        stage: 'proposal',
      });
      written(await manager.post<Write>(`/v1/clients/${client}/opportunities/${ids.won}/win`));
      ids.lost = await open(client, { productCategory: 'insurance', expectedAmount: '50000.00', currency: 'CNY' });
      written(await manager.post<Write>(`/v1/clients/${client}/opportunities/${ids.lost}/loss`, { reason: 'pricing' }));
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lets the manager who registered a prospect read it', async () => {
      const view = status(
        await manager.get<{ manager: { id: string } | null; status: string }>(
          `/v1/clients/${prospect}?minPosition=${lastPosition}`,
        ),
        200,
      );
      expect(view).toMatchObject({ status: 'prospect', manager: { id: 'M-PL' } });
    });

    it("gives the manager's pipeline as worked out by hand", async () => {
      const pipeline = status(
        await manager.get<Pipeline>(`/v1/managers/M-PL/pipeline?minPosition=${lastPosition}`),
        200,
      );
      expect(pipeline.opportunities.map((o) => [o.id, o.stage, o.legalName, o.expectedAmount, o.currency])).toEqual([
        [ids.wealth, 'negotiation', 'Pipeline Prospect Ltd', '2000000.00', 'CNY'],
        [ids.fx, 'lead', 'Pipeline Client Ltd', '150000.50', 'USD'],
        [ids.loan, 'lead', 'Pipeline Client Ltd', '3500000.25', 'CNY'],
      ]);
      expect({ ...pipeline, opportunities: [] }).toEqual({
        managerId: 'M-PL',
        opportunities: [],
        open: 3,
        byStage: [
          {
            stage: 'lead',
            count: 2,
            totals: [
              { currency: 'CNY', amount: '3500000.25' },
              { currency: 'USD', amount: '150000.50' },
            ],
          },
          { stage: 'qualified', count: 0, totals: [] },
          { stage: 'proposal', count: 0, totals: [] },
          { stage: 'negotiation', count: 1, totals: [{ currency: 'CNY', amount: '2000000.00' }] },
        ],
        since: expect.any(String),
        won: 1,
        lost: 1,
        winRate: 0.5,
      });
      const theirs = status(await otherManager.get<Pipeline>(`/v1/managers/M-PL2/pipeline`), 200);
      expect([theirs.open, theirs.won, theirs.winRate]).toEqual([0, 0, null]);
      expect((await otherManager.get(`/v1/managers/M-PL/pipeline`)).status).toBe(404);
    });

    it("puts the branch's totals and win rate on its dashboard", async () => {
      const dashboard = status(
        await branchHead.get<{ pipeline: Totals }>(`/v1/branches/${BRANCH}/dashboard?minPosition=${lastPosition}`),
        200,
      );
      expect(dashboard.pipeline).toMatchObject({ open: 3, won: 1, lost: 1, winRate: 0.5 });
      expect(dashboard.pipeline.byStage.find((stage) => stage.stage === 'lead')?.totals).toEqual([
        { currency: 'CNY', amount: '3500000.25' },
        { currency: 'USD', amount: '150000.50' },
      ]);
    });

    it('refuses bad input on its field and stores nothing', async () => {
      const before = status(await admin.get<Write>(`/v1/clients/${client}?minPosition=${lastPosition}`), 200).revision;
      const url = `/v1/clients/${client}/opportunities`;
      const zero = await manager.post<Failure>(url, { productCategory: 'fx', expectedAmount: '0', currency: 'USD' });
      expect([zero.status, zero.body.errors.map((e) => e.field)]).toEqual([400, ['expectedAmount']]);
      const product = await manager.post<Failure>(url, {
        productCategory: 'car',
        expectedAmount: '1',
        currency: 'USD',
      });
      expect([product.status, product.body.errors.map((e) => e.field)]).toEqual([400, ['productCategory']]);
      const nobody = await manager.post<Failure>(url, {
        productCategory: 'fx',
        expectedAmount: '1',
        currency: 'USD',
        managerId: 'M-NOBODY',
      });
      expect([nobody.status, nobody.body.code, nobody.body.errors.map((e) => e.field)]).toEqual([
        422,
        'MANAGER.NOT_FOUND',
        ['managerId'],
      ]);
      const stage = await manager.put<Failure>(`${url}/${ids.fx}/stage`, { stage: 'won' });
      expect([stage.status, stage.body.errors.map((e) => e.field)]).toEqual([400, ['stage']]);
      const closed = await manager.post<Failure>(`${url}/${ids.won}/loss`, { reason: 'changed mind' });
      expect([closed.status, closed.body.code]).toEqual([409, 'OPPORTUNITY.CLOSED']);
      expect(status(await admin.get<Write>(`/v1/clients/${client}?minPosition=${lastPosition}`), 200).revision).toBe(
        before,
      );
    });
  });

pipelineSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('pipeline-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

pipelineSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('pipeline_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
