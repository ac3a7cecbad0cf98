import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
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
 * EW-GROUP through the real API and the in-process risk monitor, on SQLite and PostgreSQL: a
 * group of five clients whose exposure crosses 10% and then 25% of the bank's capital raises one
 * alert on the parent and escalates it; the reason's total is the sum computed here from the
 * members' own facilities; a facility in another currency is not counted; no member gets one.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Alert = { id: string; clientId: string; ruleId: string; severity: string; reason: string };

const BRANCH = 'BR-GEXP';
/** 10,000,000.00 CNY of capital: medium from 1,000,000.00, high from 2,500,000.00. */
const CAPITAL = '10000000.00';

const rulesFile = (dir: string): string => {
  const rules = parse(readFileSync(join(__dirname, '../../config/risk-rules.yaml'), 'utf8')) as {
    rules: Record<string, Record<string, unknown>>;
  };
  rules.rules['EW-GROUP'] = { ...rules.rules['EW-GROUP'], capital: CAPITAL, medium: '0.1', high: '0.25' };
  const path = join(dir, 'risk-rules.yaml');
  writeFileSync(path, stringify(rules));
  return path;
};

const exposureSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`group exposure concentration, EW-GROUP (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let risk: ApiClient;
    const clients: string[] = [];

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const groupAlerts = async (): Promise<Alert[]> =>
      status(await risk.get<{ items: Alert[] }>('/v1/alerts?ruleId=EW-GROUP&limit=50'), 200).items;
    const alertReaches = async (severity: string): Promise<Alert[]> => {
      let seen: Alert[] = [];
      await eventually(async () => {
        seen = await groupAlerts();
        return seen.some((alert) => alert.severity === severity);
      }, 15_000);
      return seen;
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const dir = scratchDir('group-exposure-rules');
      const api = await startInProcessApi({ ...prepared.env, RISK_RULES_FILE: rulesFile(dir.path) });
      app = api.app;
      admin = await api.as({ sub: 'u-gexp-admin', role: 'admin' });
      risk = await api.as({ sub: 'u-gexp-risk', role: 'risk_officer' });
      status(
        await admin.post('/v1/managers', { managerId: 'M-GEXP', name: 'M-GEXP', branchId: BRANCH, level: 'senior' }),
        201,
      );
      for (let n = 0; n < 5; n++) {
        const { id } = status(
          await admin.post<Write>('/v1/clients', {
            branchId: BRANCH,
            segment: 'corporate',
            industry: 'manufacturing',
            legalName: `Exposure Member ${n} Ltd`,
            registrationNo: `RN-GEXP-${n}`,
            contact: { phone: '+8612345678' },
            source: 'branch',
          }),
          201,
        );
        status(await admin.post(`/v1/clients/${id}/conversion`, {}), 200);
        status(await admin.put(`/v1/clients/${id}/manager`, { managerId: 'M-GEXP', reason: 'coverage' }), 200);
        clients.push(id);
      }
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    const limit = async (clientId: string, facilityId: string, amount: string, currency = 'CNY') =>
      status(await admin.put(`/v1/clients/${clientId}/facilities/${facilityId}`, { limit: amount, currency }), 200);

    it('raises nothing while the group stays under 10% of capital, whatever its members hold in other currencies', async () => {
      const [parent, ...members] = clients;
      status(
        await admin.post('/v1/client-groups', { name: 'Exposure Group', parentClientId: parent, managerId: 'M-GEXP' }),
        201,
      );
      for (const clientId of members) {
        status(await admin.post(`/v1/client-groups/${parent}/members`, { clientId }), 200);
      }
      // 5 × 199,999.99 = 999,999.95 CNY, just under 10%; the USD line is not converted.
      for (const clientId of clients) await limit(clientId, 'F-1', '199999.99');
      await limit(members[0], 'F-USD', '5000000.00', 'USD');
      // The monitor reads the events in order: once a later client event has been judged, these were too.
      await limit(members[1], 'F-1', '199999.99');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await groupAlerts()).toEqual([]);
    });

    it("raises medium on the parent once the members' sum reaches 10%, with the sum of their own facilities", async () => {
      const [parent] = clients;
      await limit(clients[4], 'F-1', '200000.04');
      const seen = await alertReaches('medium');
      expect(seen.map(({ clientId, severity }) => ({ clientId, severity }))).toEqual([
        { clientId: parent, severity: 'medium' },
      ]);
      expect(seen[0].reason).toBe(
        `group ${parent}: exposure 1000000.00 CNY over 5 member(s) is 10.0% of capital (threshold 10.0%)`,
      );
    });

    it('escalates to high when a member draws beyond its limit and the group passes 25%, and calms when members leave', async () => {
      const [parent, ...members] = clients;
      status(await admin.post(`/v1/clients/${members[2]}/facilities/F-1/utilisation`, { drawn: '1700000.00' }), 201);
      const seen = await alertReaches('high');
      expect(seen).toHaveLength(1);
      // Three members at 199,999.99, one at 200,000.04, and 1,700,000.00 drawn beyond a 199,999.99 limit.
      expect(seen[0]).toEqual(
        expect.objectContaining({
          clientId: parent,
          severity: 'high',
          reason: `group ${parent}: exposure 2500000.01 CNY over 5 member(s) is 25.0% of capital (threshold 25.0%)`,
        }),
      );
      status(await admin.delete(`/v1/client-groups/${parent}/members/${members[2]}`), 200);
      status(await admin.delete(`/v1/client-groups/${parent}/members/${members[3]}`), 200);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await groupAlerts()).map(({ severity }) => severity)).toEqual(['high']);
    });
  });

exposureSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('group-exposure-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

exposureSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('group_exposure_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
