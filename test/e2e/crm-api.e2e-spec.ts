import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { join } from 'node:path';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * The embedded default end to end over real HTTP: SQLite files in a scratch folder, the projector
 * in-process, every write route and the single-window view.
 */
type Write = { id: string; revision: number; position: string } & Record<string, unknown>;
type Failure = {
  code: string;
  message: string;
  errors: { field: string; message: string }[];
  currentRevision?: number | null;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the view's shape is exactly what these tests check
type View = Record<string, any>;

/** Where a run keeps its data: the variables it adds to the environment, and how it cleans up. */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;

const apiSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`crm-api (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let config: AppConfig;
    let app: NestFastifyApplication;
    let anonymous: ApiClient;
    let admin: ApiClient;

    const start = async () => {
      app = await createCrmApi(config);
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      admin = anonymous.withToken(await tokenFor({ sub: 'u-admin', role: 'admin' }));
    };

    const tokenFor = async (claims: Record<string, string>): Promise<string> => {
      const response = await anonymous.post<{ token: string }>('/v1/dev/tokens', claims);
      expect(response.status).toBe(201);
      return response.body.token;
    };

    const head = async (): Promise<string> => {
      const ready = await anonymous.get<{ details: { eventStore: { head: string } } }>('/health/ready');
      return ready.body.details.eventStore.head;
    };

    const registerManager = async (managerId: string, level: string) => {
      const response = await admin.post<Write>('/v1/managers', {
        managerId,
        name: `Manager ${managerId}`,
        branchId: 'BR-1',
        level,
      });
      expect(response.status).toBe(201);
    };

    const registerProspect = async (): Promise<string> => {
      const response = await admin.post<Write>('/v1/clients', {
        branchId: 'BR-1',
        segment: 'corporate',
        industry: 'manufacturing',
        legalName: 'Acme Tools Co., Ltd.',
        registrationNo: '91310000MA1FL0000X',
        contact: { phone: '+86 21 5555 0100', email: 'treasury@acme.example' },
        source: 'referral',
      });
      expect(response.status).toBe(201);
      return response.body.id;
    };

    const viewAt = async (clientId: string, position: string): Promise<View> => {
      const response = await admin.get<View>(`/v1/clients/${clientId}?minPosition=${position}`);
      expect(response.status).toBe(200);
      return response.body;
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      // The risk monitor would raise alerts from these scenarios and make the hand-computed
      // dashboard racy; alerts have their own suites (alerts, risk-monitor-*).
      config = loadConfig({ ...prepared.env, PORT: '0', LOG_LEVEL: 'silent', WORKERS: 'projector' });
      await start();
      await registerManager('M-SENIOR', 'senior');
      await registerManager('M-ASSOC', 'associate');
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('runs the whole client scenario and shows it in the single-window view', async () => {
      const clientId = await registerProspect();
      expect((await admin.post(`/v1/clients/${clientId}/conversion`, {})).status).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${clientId}/manager`, { managerId: 'M-SENIOR', reason: 'coverage' })).status,
      ).toBe(200);
      expect(
        (
          await admin.put(`/v1/clients/${clientId}/tier`, {
            tier: 'core',
            reason: 'review',
            annualContribution: '12000000.00',
          })
        ).status,
      ).toBe(200);
      const contact = await admin.post<Write>(`/v1/clients/${clientId}/contacts`, {
        managerId: 'M-SENIOR',
        channel: 'visit',
        purpose: 'relationship',
        summary: 'Met the CFO',
        occurredAt: '2026-01-10T09:00:00Z',
        followUpDue: '2026-01-20T09:00:00+08:00',
      });
      expect(contact.status).toBe(201);
      expect(typeof contact.body.contactId).toBe('string');
      expect(
        (await admin.post(`/v1/clients/${clientId}/feedback`, { department: 'product', text: 'Wants faster FX' }))
          .status,
      ).toBe(201);
      expect(
        (
          await admin.post(`/v1/clients/${clientId}/financials`, {
            period: '2025',
            revenue: '90000000.00',
            netProfit: '-1200000.00',
            totalAssets: '150000000',
            totalLiabilities: '90000000',
            currency: 'CNY',
          })
        ).status,
      ).toBe(201);
      expect((await admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'A', reason: 'annual' })).status).toBe(
        200,
      );
      expect(
        (await admin.put(`/v1/clients/${clientId}/loan-classification`, { classification: 'normal', reason: 'annual' }))
          .status,
      ).toBe(200);
      expect(
        (await admin.put(`/v1/clients/${clientId}/facilities/F-1`, { limit: '5000000.00', currency: 'CNY' })).status,
      ).toBe(200);
      expect(
        (await admin.post(`/v1/clients/${clientId}/facilities/F-1/utilisation`, { drawn: '4600000.00' })).status,
      ).toBe(201);
      expect(
        (
          await admin.post(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
            daysPastDue: 12,
            amountOverdue: '150000.00',
          })
        ).status,
      ).toBe(201);
      const flag = await admin.post<Write>(`/v1/clients/${clientId}/risk-flags`, {
        type: 'litigation',
        severity: 'high',
        note: 'Supplier suit',
      });
      expect(flag.status).toBe(201);
      const otherFlag = await admin.post<Write>(`/v1/clients/${clientId}/risk-flags`, {
        type: 'negative_news',
        severity: 'low',
        note: 'Press',
      });
      expect(
        (await admin.delete(`/v1/clients/${clientId}/risk-flags/${otherFlag.body.flagId}`, { reason: 'unfounded' }))
          .status,
      ).toBe(200);
      const holding = await admin.post<Write>(`/v1/clients/${clientId}/products`, {
        productCode: 'DEP-1',
        category: 'deposit',
        amount: '1000000.00',
      });
      expect(holding.status).toBe(201);
      await admin.post(`/v1/clients/${clientId}/products`, { productCode: 'FX-1', category: 'fx', amount: '20000.00' });
      const complaint = await admin.post<Write>(`/v1/clients/${clientId}/complaints`, {
        category: 'fees',
        text: 'Charged twice',
      });
      expect(
        (
          await admin.post(`/v1/clients/${clientId}/complaints/${complaint.body.complaintId}/resolution`, {
            resolution: 'Refunded',
          })
        ).status,
      ).toBe(200);
      expect(
        (await admin.post(`/v1/clients/${clientId}/satisfaction`, { kind: 'nps', score: 9, comment: 'Responsive' }))
          .status,
      ).toBe(201);
      expect((await admin.patch(`/v1/clients/${clientId}/profile`, { industry: 'precision tools' })).status).toBe(200);
      const last = await admin.post<Write>(`/v1/clients/${clientId}/contacts/${contact.body.contactId}/completion`);
      expect(last.status).toBe(200);

      const view = await viewAt(clientId, last.body.position);
      expect(view).toMatchObject({
        id: clientId,
        status: 'client',
        branchId: 'BR-1',
        segment: 'corporate',
        industry: 'precision tools',
        manager: { id: 'M-SENIOR', name: 'Manager M-SENIOR', level: 'senior' },
        tier: 'core',
        credit: {
          rating: 'A',
          classification: 'normal',
          facilities: [{ id: 'F-1', limit: '5000000.00', drawn: '4600000.00', currency: 'CNY', daysPastDue: 12 }],
        },
        riskFlags: [{ id: flag.body.flagId, type: 'litigation', severity: 'high' }],
        contacts: {
          total: 1,
          followUpsDue: 0,
          last: { channel: 'visit', purpose: 'relationship', occurredAt: '2026-01-10T09:00:00.000Z' },
        },
        satisfaction: { lastNps: 9, lastCsat: null },
        revision: last.body.revision,
        position: last.body.position,
      });
      expect(view.products).toHaveLength(2);

      const page1 = await admin.get<{ entries: { revision: number }[]; nextCursor: string }>(
        `/v1/clients/${clientId}/timeline?limit=5`,
      );
      const newest = last.body.revision;
      expect(page1.body.entries.map((entry) => entry.revision)).toEqual([0, 1, 2, 3, 4].map((i) => newest - i));
      const page2 = await admin.get<{ entries: { revision: number }[] }>(
        `/v1/clients/${clientId}/timeline?limit=5&cursor=${page1.body.nextCursor}`,
      );
      expect(page2.body.entries.map((entry) => entry.revision)).toEqual([5, 6, 7, 8, 9].map((i) => newest - i));
    });

    it("records holdings' balances and shows AUM, loans outstanding and limits per currency", async () => {
      const clientId = await registerProspect();
      await admin.post(`/v1/clients/${clientId}/conversion`, {});
      await admin.put(`/v1/clients/${clientId}/facilities/F-1`, { limit: '5000000.00', currency: 'CNY' });
      await admin.post(`/v1/clients/${clientId}/facilities/F-1/utilisation`, { drawn: '4600000.00' });
      const holdingOf = async (category: string): Promise<string> => {
        const opened = await admin.post<Write>(`/v1/clients/${clientId}/products`, {
          productCode: `P-${category}`,
          category,
          amount: '1.00',
        });
        expect(opened.status).toBe(201);
        return String(opened.body.holdingId);
      };
      const deposit = await holdingOf('deposit');
      const wealth = await holdingOf('wealth');
      const report = (holdingId: string, body: Record<string, unknown>) =>
        admin.put<Write & Failure>(`/v1/clients/${clientId}/products/${holdingId}/balance`, {
          balance: '1000.00',
          currency: 'CNY',
          asOf: '2026-01-30',
          ...body,
        });

      expect((await report(deposit, { balance: '1250000.00' })).status).toBe(200);
      expect((await report(wealth, { balance: '500000.50', asOf: '2026-01-31' })).status).toBe(200);
      // An older date is history: the deposit's current balance stays the one of 30 January.
      expect((await report(deposit, { balance: '900000.00', asOf: '2025-12-31' })).status).toBe(200);

      const refusals = [
        [await report(deposit, { balance: 1250 }), 400, 'REQUEST.INVALID', 'balance'],
        [await report(deposit, { asOf: '2026-02-30' }), 400, 'REQUEST.INVALID', 'asOf'],
        [await report(deposit, { asOf: '2999-01-01' }), 400, 'CLIENT.INVALID_VALUE', 'asOf'],
        [await report(deposit, { currency: 'USD' }), 422, 'PRODUCT.CURRENCY_MISMATCH', 'currency'],
      ] as const;
      for (const [response, status, code, field] of refusals) {
        expect([response.status, response.body.code, response.body.errors?.map((e) => e.field)]).toEqual([
          status,
          code,
          expect.arrayContaining([field]),
        ]);
      }
      expect((await report('0190a4c2-0000-7000-8000-00000000dead', {})).status).toBe(404);

      const last = await report(wealth, { balance: '500000.50', asOf: '2026-01-31' });
      expect(last.status).toBe(200);
      const view = await viewAt(clientId, last.body.position);
      expect(view.products.find((p: View) => p.holdingId === deposit).balance).toEqual({
        amount: '1250000.00',
        currency: 'CNY',
        asOf: '2026-01-30',
      });
      expect(view).not.toHaveProperty('balanceHistory');
      expect(view.balances).toMatchObject([
        { currency: 'CNY', aum: '1750000.50', loansOutstanding: '4600000.00', totalLimits: '5000000.00' },
      ]);
      expect(view.balances[0].trend).toHaveLength(12);
      const trend = new Map(view.balances[0].trend.map((point: View) => [point.monthEnd, point.aum]));
      expect([trend.get('2025-12-31'), trend.get('2026-01-31')]).toEqual(['900000.00', '1750000.50']);
    });

    it('rebuilds the view as it stood before a downgrade with ?asOf=', async () => {
      const clientId = await registerProspect();
      await admin.post(`/v1/clients/${clientId}/conversion`, {});
      await admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'A', reason: 'annual' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      const between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const downgrade = await admin.put<Write>(`/v1/clients/${clientId}/credit-rating`, {
        rating: 'BB',
        reason: 'losses',
      });

      expect((await viewAt(clientId, downgrade.body.position)).credit.rating).toBe('BB');
      const then = await admin.get<View>(`/v1/clients/${clientId}?asOf=${encodeURIComponent(between)}`);
      expect(then.status).toBe(200);
      expect(then.body.credit.rating).toBe('A');
      expect((await admin.get(`/v1/clients/${clientId}?asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
    });

    it('keeps everything across a restart of the process', async () => {
      const clientId = await registerProspect();
      const converted = await admin.post<Write>(`/v1/clients/${clientId}/conversion`, {});
      await app.close();
      await start();
      // A small store is read in before the server listens: ready at once, and saying so.
      const ready = await anonymous.get<{ details: { readPath: { state: string } } }>('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.readPath.state).toBe('warm');
      const view = await viewAt(clientId, converted.body.position);
      expect(view.status).toBe('client');
      const next = await admin.put<Write>(`/v1/clients/${clientId}/credit-rating`, {
        rating: 'BBB',
        reason: 'after restart',
      });
      expect(next.body.revision).toBe(converted.body.revision + 1);
    });

    describe('bad input is a 400 with field errors and stores nothing', () => {
      let clientId: string;
      beforeAll(async () => {
        clientId = await registerProspect();
        await admin.post(`/v1/clients/${clientId}/conversion`, {});
        await admin.put(`/v1/clients/${clientId}/facilities/F-1`, { limit: '100.00', currency: 'CNY' });
      });

      const cases: [string, string, () => string, unknown, string][] = [
        [
          'unknown field',
          'PUT',
          () => `/v1/clients/${clientId}/credit-rating`,
          { rating: 'A', reason: 'x', extra: 1 },
          'extra',
        ],
        [
          'off-scale rating',
          'PUT',
          () => `/v1/clients/${clientId}/credit-rating`,
          { rating: 'AAAA', reason: 'x' },
          'rating',
        ],
        [
          'wrong enum',
          'PUT',
          () => `/v1/clients/${clientId}/loan-classification`,
          { classification: 'bad', reason: 'x' },
          'classification',
        ],
        [
          'float amount',
          'PUT',
          () => `/v1/clients/${clientId}/facilities/F-2`,
          { limit: 5000.5, currency: 'CNY' },
          'limit',
        ],
        [
          'negative amount',
          'POST',
          () => `/v1/clients/${clientId}/facilities/F-1/utilisation`,
          { drawn: '-1.00' },
          'drawn',
        ],
        ['missing field', 'POST', () => '/v1/clients', { branchId: 'BR-1', segment: 'sme' }, 'legalName'],
        [
          'wrong type',
          'POST',
          () => `/v1/clients/${clientId}/facilities/F-1/past-due`,
          { daysPastDue: '12', amountOverdue: '1.00' },
          'daysPastDue',
        ],
        [
          'nested unknown field',
          'POST',
          () => '/v1/clients',
          {
            branchId: 'BR-1',
            segment: 'sme',
            industry: 'x',
            legalName: 'x',
            registrationNo: 'x',
            source: 'x',
            contact: { phone: '+8612345678', fax: '1' },
          },
          'contact.fax',
        ],
        [
          'bad time',
          'POST',
          () => `/v1/clients/${clientId}/contacts`,
          {
            managerId: 'M-SENIOR',
            channel: 'call',
            purpose: 'consultation',
            summary: 's',
            occurredAt: 'yesterday',
          },
          'occurredAt',
        ],
        [
          'null for a required field',
          'POST',
          () => `/v1/clients/${clientId}/risk-flags`,
          { type: 'litigation', severity: 'low', note: null },
          'note',
        ],
        ...['2025-Q5', '2025-13', '25', '2025H1'].map((period): [string, string, () => string, unknown, string] => [
          `malformed period ${period}`,
          'POST',
          () => `/v1/clients/${clientId}/financials`,
          { period, revenue: '1.00', netProfit: '1.00', totalAssets: '1.00', totalLiabilities: '0', currency: 'CNY' },
          'period',
        ]),
        ['bad path id', 'PUT', () => '/v1/clients/not-a-uuid/credit-rating', { rating: 'A', reason: 'x' }, 'id'],
        [
          'score out of range',
          'POST',
          () => `/v1/clients/${clientId}/satisfaction`,
          { kind: 'nps', score: 11, comment: 'x', managerId: 'M-SENIOR' },
          'score',
        ],
        [
          'bad If-Match',
          'PUT',
          () => `/v1/clients/${clientId}/credit-rating`,
          { rating: 'A', reason: 'x' },
          'If-Match',
        ],
      ];

      it.each(cases)('%s', async (_name, method, path, body, field) => {
        const before = await head();
        const headers: Record<string, string> = field === 'If-Match' ? { 'if-match': 'soon' } : {};
        const response = await admin.request<Failure>(method, path(), body, headers);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.INVALID');
        expect(response.body.errors.map((error) => error.field)).toContain(field);
        expect(await head()).toBe(before);
      });

      it('malformed JSON', async () => {
        const before = await head();
        const response = await admin.request<Failure>('PUT', `/v1/clients/${clientId}/credit-rating`, '{"rating": ');
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('REQUEST.MALFORMED');
        expect(await head()).toBe(before);
      });

      it('a body over 1 MiB is 413', async () => {
        const response = await admin.request<Failure>('PUT', `/v1/clients/${clientId}/credit-rating`, {
          rating: 'A',
          reason: 'x'.repeat(1_100_000),
        });
        expect(response.status).toBe(413);
        expect(response.body.code).toBe('REQUEST.TOO_LARGE');
      });

      it('a domain rule violation is 422 and an unknown client 404', async () => {
        const rule = await admin.put<Failure>(`/v1/clients/${clientId}/tier`, { tier: 'core', reason: 'x' });
        expect(rule.status).toBe(422);
        expect(rule.body.code).toBe('CLIENT.MANAGER_REQUIRED');
        const missing = await admin.put<Failure>('/v1/clients/00000000-0000-4000-8000-000000000000/credit-rating', {
          rating: 'A',
          reason: 'x',
        });
        expect(missing.status).toBe(404);
        expect(missing.body.code).toBe('CLIENT.NOT_FOUND');
        expect((await admin.get('/v1/clients/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      });

      it('error messages never echo personal data', async () => {
        const response = await admin.post<Failure>('/v1/clients', {
          branchId: 'BR-1',
          segment: 'sme',
          industry: 'x',
          legalName: 'Secret Name Ltd',
          registrationNo: 'x',
          source: 'x',
          contact: { email: 'not-an-email-secret' },
        });
        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).not.toContain('not-an-email-secret');
      });
    });

    describe('manager and branch views', () => {
      const branchId = 'BR-DASH';
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
      const ids: Record<string, string> = {};
      let last = '0';
      const write = async (response: Promise<{ status: number; body: Write }>, status = [200, 201]) => {
        const answer = await response;
        expect(status).toContain(answer.status);
        if (BigInt(answer.body.position) > BigInt(last)) last = answer.body.position;
        return answer.body;
      };
      const prospect = async (name: string) =>
        (
          await write(
            admin.post<Write>('/v1/clients', {
              branchId,
              segment: 'sme',
              industry: 'retail',
              legalName: name,
              registrationNo: `RN-${name.replace(/\W/g, '')}`,
              contact: { phone: '+8612345678' },
              source: 'branch',
            }),
          )
        ).id;
      type Setup = {
        name: string;
        tier: string;
        contribution?: string;
        manager?: string;
        contactDaysAgo?: number;
        products?: number;
        nps?: number;
      };
      const clients: Setup[] = [
        {
          name: 'Dash Alpha Ltd',
          tier: 'core',
          contribution: '5000.00',
          manager: 'M-DASH-S',
          contactDaysAgo: 10,
          products: 2,
          nps: 10,
        },
        {
          name: 'Dash Beta Ltd',
          tier: 'core',
          contribution: '3000.00',
          manager: 'M-DASH-S',
          contactDaysAgo: 50,
          products: 1,
          nps: 6,
        },
        { name: 'Dash Gamma Ltd', tier: 'key', contribution: '1000.00', manager: 'M-DASH-A', products: 1, nps: 8 },
        { name: 'Dash Delta Ltd', tier: 'key', contribution: '500.00', nps: 9 },
        { name: 'Dash Epsilon Ltd', tier: 'standard', contribution: '300.00', products: 1 },
        { name: 'Dash Zeta Ltd', tier: 'standard', contribution: '100.00' },
        { name: 'Dash Eta Ltd', tier: 'basic', contribution: '50.00' },
        { name: 'Dash Theta Ltd', tier: 'basic', contribution: '50.00' },
        { name: 'Dash Iota Ltd', tier: 'standard' },
        { name: 'Dash Kappa Ltd', tier: 'basic' },
      ];

      beforeAll(async () => {
        await write(
          admin.post<Write>('/v1/managers', { managerId: 'M-DASH-S', name: 'Senior Dash', branchId, level: 'senior' }),
        );
        await write(
          admin.post<Write>('/v1/managers', {
            managerId: 'M-DASH-A',
            name: 'Associate Dash',
            branchId,
            level: 'associate',
          }),
        );
        for (const client of clients) {
          const id = await prospect(client.name);
          ids[client.name] = id;
          await write(admin.post<Write>(`/v1/clients/${id}/conversion`, {}));
          if (client.manager)
            await write(
              admin.put<Write>(`/v1/clients/${id}/manager`, { managerId: client.manager, reason: 'coverage' }),
            );
          await write(
            admin.put<Write>(`/v1/clients/${id}/tier`, {
              tier: client.tier,
              reason: 'review',
              ...(client.contribution ? { annualContribution: client.contribution } : {}),
            }),
          );
          if (client.contactDaysAgo !== undefined) {
            await write(
              admin.post<Write>(`/v1/clients/${id}/contacts`, {
                managerId: client.manager,
                channel: 'visit',
                purpose: 'relationship',
                summary: 'review',
                occurredAt: daysAgo(client.contactDaysAgo),
                ...(client.contactDaysAgo === 10 ? { followUpDue: daysAgo(5) } : {}),
              }),
            );
          }
          for (let n = 0; n < (client.products ?? 0); n++) {
            await write(
              admin.post<Write>(`/v1/clients/${id}/products`, {
                productCode: `P-${n}`,
                category: 'deposit',
                amount: '1000.00',
              }),
            );
          }
          if (client.nps !== undefined) {
            await write(
              admin.post<Write>(`/v1/clients/${id}/satisfaction`, {
                kind: 'nps',
                score: client.nps,
                comment: 'survey',
                managerId: 'M-DASH-S',
              }),
            );
          }
        }
        await write(
          admin.post<Write>(`/v1/clients/${ids['Dash Beta Ltd']}/risk-flags`, {
            type: 'litigation',
            severity: 'high',
            note: 'suit',
          }),
        );
        await prospect('Dash Prospect One');
        await prospect('Dash Prospect Two');
      });

      it('computes the branch dashboard exactly', async () => {
        const response = await admin.get<Record<string, unknown>>(
          `/v1/branches/${branchId}/dashboard?minPosition=${last}`,
        );
        expect(response.status).toBe(200);
        // By hand: contributions 5000+3000+1000+500+300+100+50+50 = 10000 over 8 clients; the top
        // ceil(0.2 × 8) = 2 bring 8000. Core: Alpha contacted 10 days ago, Beta 50 days ago → 1/2.
        // Products 2+1+1+1 over 10 clients. NPS answers 10, 6, 8, 9 → 2 promoters, 1 detractor of 4.
        expect(response.body).toMatchObject({
          branchId,
          clients: 10,
          prospects: 2,
          clientsByTier: { core: 2, key: 2, standard: 3, basic: 3 },
          coreCoverage: 0.5,
          coreClientsWithJuniorManager: 0,
          openAlertsBySeverity: { low: 0, medium: 0, high: 0, critical: 0 },
        });
        expect(response.body.paretoTop20Share).toBeCloseTo(0.8, 12);
        expect(response.body.productsPerClient).toBeCloseTo(0.5, 12);
        expect(response.body.nps).toBeCloseTo(25, 12);
        expect(response.body.conversionRate).toBeCloseTo(10 / 12, 12);
      });

      it("shows a manager's portfolio with follow-ups due and risk", async () => {
        const response = await admin.get<{
          clients: { id: string; followUpsDue: number; riskLevel: string }[];
          totals: Record<string, unknown>;
        }>(`/v1/managers/M-DASH-S/portfolio?minPosition=${last}`);
        expect(response.status).toBe(200);
        expect(response.body.clients.map((client) => client.id).sort()).toEqual(
          [ids['Dash Alpha Ltd'], ids['Dash Beta Ltd']].sort(),
        );
        expect(response.body.totals).toMatchObject({ clients: 2, followUpsDue: 1, atRisk: 1, byTier: { core: 2 } });
        const beta = response.body.clients.find((client) => client.id === ids['Dash Beta Ltd']);
        expect(beta?.riskLevel).toBe('high');
      });

      it('searches by name prefix and pages through a branch exactly once while clients are added', async () => {
        const byName = await admin.get<{ items: { id: string }[] }>(
          `/v1/clients?q=${encodeURIComponent('dash al')}&minPosition=${last}`,
        );
        expect(byName.body.items.map((item) => item.id)).toEqual([ids['Dash Alpha Ltd']]);

        const seen: string[] = [];
        let cursor: string | null = null;
        let added = 0;
        do {
          const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
            await admin.get(
              `/v1/clients?branchId=${branchId}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}&minPosition=${last}`,
            );
          expect(page.status).toBe(200);
          seen.push(...page.body.items.map((item) => item.id));
          cursor = page.body.nextCursor;
          if (added < 3) {
            await prospect(`Dash Late ${added++}`);
          }
        } while (cursor !== null);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of Object.values(ids)) expect(seen).toContain(id);
        expect((await admin.get('/v1/clients?cursor=not-a-cursor')).status).toBe(400);
        expect((await admin.get('/v1/clients?limit=500')).status).toBe(400);
      });
    });

    describe('concurrency and repeats', () => {
      it('a stale If-Match is 412, a current one succeeds and returns the new ETag', async () => {
        const clientId = await registerProspect();
        const converted = await admin.post<Write>(`/v1/clients/${clientId}/conversion`, {});
        expect(converted.headers.get('etag')).toBe(`"${converted.body.revision}"`);
        const stale = await admin.put<Failure>(
          `/v1/clients/${clientId}/credit-rating`,
          { rating: 'A', reason: 'x' },
          { 'if-match': '"0"' },
        );
        expect(stale.status).toBe(412);
        // It says where the resource stands, so the caller need not read it again to retry.
        expect(stale.body).toMatchObject({
          code: 'REQUEST.PRECONDITION_FAILED',
          currentRevision: converted.body.revision,
        });
        expect(stale.headers.get('etag')).toBe(`"${converted.body.revision}"`);
        const fresh = await admin.put<Write>(
          `/v1/clients/${clientId}/credit-rating`,
          { rating: 'A', reason: 'x' },
          { 'if-match': `"${converted.body.revision}"` },
        );
        expect(fresh.status).toBe(200);
        expect(fresh.headers.get('etag')).toBe(`"${converted.body.revision + 1}"`);
      });

      it('parallel writes without If-Match all land; with the same If-Match exactly one wins', async () => {
        const clientId = await registerProspect();
        const logs = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            admin.post<Write>(`/v1/clients/${clientId}/contacts`, {
              managerId: 'M-SENIOR',
              channel: 'call',
              purpose: 'consultation',
              summary: `call ${i}`,
              occurredAt: '2026-01-10T09:00:00Z',
            }),
          ),
        );
        expect(logs.map((r) => r.status)).toEqual(Array(30).fill(201));
        const positions = logs.map((r) => BigInt(r.body.position));
        const newest = positions.reduce((a, b) => (a > b ? a : b)).toString();
        expect((await viewAt(clientId, newest)).contacts.total).toBe(30);

        const racers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            admin.post(
              `/v1/clients/${clientId}/risk-flags`,
              { type: 'other', severity: 'low', note: `n${i}` },
              { 'if-match': '"30"' },
            ),
          ),
        );
        expect(racers.filter((r) => r.status === 201)).toHaveLength(1);
        expect(racers.filter((r) => r.status === 412)).toHaveLength(9);
      });

      it('Idempotency-Key replays the first answer and refuses a different body', async () => {
        const key = { 'idempotency-key': `k-${Date.now()}` };
        const body = {
          branchId: 'BR-1',
          segment: 'sme',
          industry: 'x',
          legalName: 'y',
          registrationNo: 'z',
          contact: { phone: '+8612345678' },
          source: 's',
        };
        const first = await admin.post<Write>('/v1/clients', body, key);
        const before = await head();
        const again = await admin.post<Write>('/v1/clients', body, key);
        expect(again.status).toBe(201);
        expect(again.body).toEqual(first.body);
        expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
        expect(await head()).toBe(before);
        const other = await admin.post<Failure>('/v1/clients', { ...body, industry: 'changed' }, key);
        expect(other.status).toBe(422);
        expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
      });
    });

    describe('authentication', () => {
      it('refuses requests without a valid token', async () => {
        expect((await anonymous.get('/v1/clients/00000000-0000-4000-8000-000000000000')).status).toBe(401);
        const garbage = anonymous.withToken('not.a.token');
        expect((await garbage.get('/v1/clients/00000000-0000-4000-8000-000000000000')).status).toBe(401);
        const unsigned = [
          { alg: 'none', typ: 'JWT' },
          { sub: 'u-x', role: 'admin', exp: 4102444800 },
        ]
          .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
          .join('.');
        expect((await anonymous.withToken(`${unsigned}.`).post('/v1/managers', {})).status).toBe(401);
      });

      it('refuses a role that may not write', async () => {
        const dpo = anonymous.withToken(await tokenFor({ sub: 'u-dpo', role: 'dpo' }));
        const response = await dpo.post<Failure>('/v1/managers', {
          managerId: 'M-X',
          name: 'x',
          branchId: 'BR-1',
          level: 'senior',
        });
        expect(response.status).toBe(403);
      });

      it('exposes Prometheus metrics by route pattern, never by id', async () => {
        const clientId = await registerProspect();
        await admin.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'A', reason: 'x' });
        const response = await fetch(`${anonymous.baseUrl}/metrics`);
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(text).toMatch(
          /crm_http_request_duration_seconds_count\{method="PUT",route="\/v1\/clients\/:id\/credit-rating",status="200"\} \d+/,
        );
        expect(text).toMatch(/crm_commands_total\{type="RegisterProspect",outcome="appended"\} \d+/);
        expect(text).toContain('crm_event_store_head_position');
        // Errors count under their real status, set by the exception filter after the handler.
        await admin.put('/v1/clients/00000000-0000-4000-8000-000000000000/credit-rating', { rating: 'A', reason: 'x' });
        const after = await (await fetch(`${anonymous.baseUrl}/metrics`)).text();
        expect(after).toMatch(
          /crm_http_request_duration_seconds_count\{method="PUT",route="\/v1\/clients\/:id\/credit-rating",status="404"\} \d+/,
        );
        expect(text).not.toContain(clientId);
      });

      it('serves health and the OpenAPI document without a token', async () => {
        expect((await anonymous.get('/health/live')).status).toBe(200);
        const docs = await fetch(`${anonymous.baseUrl}/docs-json`);
        expect(docs.status).toBe(200);
        const document = (await docs.json()) as { paths: Record<string, unknown> };
        expect(Object.keys(document.paths)).toContain('/v1/clients/{id}/credit-rating');
      });
    });
  });

apiSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('crm-api-e2e');
  // A folder that does not exist yet: a fresh machine has no ./data either.
  return { env: { SQLITE_PATH: join(dir.path, 'not-yet-created', 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

apiSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('crm_api_e2e');
  return {
    env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema },
    cleanup: drop,
  };
});
