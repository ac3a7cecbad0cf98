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
 * A client's team through the real API on SQLite and PostgreSQL: a branch head gives a client a
 * backup manager and specialists; the backup reads the client always and writes it only while the
 * covering manager is marked absent, a specialist only reads it (its alerts too), lists stay those of the clients
 * one covers; the view's team block and the timeline are what was recorded; bad input is refused
 * on its field and stores nothing.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Team = {
  backupManager: { id: string; since: string } | null;
  specialists: { managerId: string; role: string; since: string }[];
};
type View = { revision: number; manager: { id: string } | null; team?: Team };
type Timeline = { entries: { type: string; occurredAt: string; details: Record<string, unknown> }[] };

const BRANCH = 'BR-TM';
const PRIMARY = 'M-TP';
const BACKUP = 'M-TB';
const SPECIALIST = 'M-TS';
const OTHER = 'M-TX';
const DEPARTED = 'M-TD';
const WEEK = 7 * 24 * 3600 * 1000;

const teamSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`a client's team (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let branchHead: ApiClient;
    let backup: ApiClient;
    let specialist: ApiClient;
    let other: ApiClient;
    let lastPosition = '0';
    let client = '';
    const rm = (api: { as: (claims: Record<string, string>) => Promise<ApiClient> }, managerId: string) =>
      api.as({ sub: `u-${managerId}`, role: 'relationship_manager', branchId: BRANCH, managerId });

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = <T extends Write>(answer: { status: number; body: T }, expected = 200): T => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    const refused = (answer: { status: number; body: Failure }) => [
      answer.status,
      answer.body.code,
      answer.body.errors.map((error) => error.field),
    ];
    const view = async (): Promise<View> =>
      status(await admin.get<View>(`/v1/clients/${client}?minPosition=${lastPosition}`), 200);
    const contact = (caller: ApiClient) =>
      caller.post<Write>(`/v1/clients/${client}/contacts`, {
        channel: 'call',
        purpose: 'relationship',
        summary: 'Called while the manager is away',
        occurredAt: new Date().toISOString(),
      });

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      // The risk monitor too: the team reads the client's alerts.
      const api = await startInProcessApi(prepared.env);
      app = api.app;
      admin = await api.as({ sub: 'u-tm-admin', role: 'admin' });
      branchHead = await api.as({ sub: 'u-tm-bh', role: 'branch_head', branchId: BRANCH });
      backup = await rm(api, BACKUP);
      specialist = await rm(api, SPECIALIST);
      other = await rm(api, OTHER);
      for (const managerId of [PRIMARY, BACKUP, SPECIALIST, OTHER, DEPARTED]) {
        status(
          await admin.post('/v1/managers', { managerId, name: managerId, branchId: BRANCH, level: 'senior' }),
          201,
        );
      }
      status(await admin.post(`/v1/managers/${DEPARTED}/departure`, { reason: 'resigned' }), 200);
      client = written(
        await admin.post<Write>('/v1/clients', {
          branchId: BRANCH,
          segment: 'corporate',
          industry: 'logistics',
          legalName: 'Team Client Ltd',
          registrationNo: 'RN-TM-1',
          contact: { phone: '+86 21 5555 0100' },
          source: 'branch',
        }),
        201,
      ).id;
      status(await admin.post(`/v1/clients/${client}/conversion`, {}), 200);
      written(await branchHead.put<Write>(`/v1/clients/${client}/manager`, { managerId: PRIMARY, reason: 'coverage' }));
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('records the backup and the specialists, and shows them in the view and the timeline', async () => {
      const url = `/v1/clients/${client}`;
      written(await branchHead.put<Write>(`${url}/backup-manager`, { managerId: BACKUP, reason: 'A/B role' }));
      const again = await branchHead.put<Write>(`${url}/backup-manager`, { managerId: BACKUP, reason: 'again' });
      expect([again.status, again.body.position]).toEqual([200, lastPosition]);
      written(await branchHead.post<Write>(`${url}/team`, { managerId: SPECIALIST, role: 'fx' }), 201);
      written(await branchHead.post<Write>(`${url}/team`, { managerId: OTHER, role: 'credit' }), 201);
      written(await branchHead.post<Write>(`${url}/team`, { managerId: OTHER, role: 'product' }), 201);
      written(await branchHead.delete<Write>(`${url}/team/${OTHER}`));

      const timeline = status(await admin.get<Timeline>(`${url}/timeline?minPosition=${lastPosition}`), 200);
      const entries = timeline.entries.filter((entry) =>
        ['BackupManagerAssigned', 'SpecialistJoinedTeam', 'SpecialistLeftTeam'].includes(entry.type),
      );
      expect(entries.map((entry) => [entry.type, entry.details])).toEqual([
        ['SpecialistLeftTeam', { managerId: OTHER }],
        ['SpecialistJoinedTeam', { managerId: OTHER, role: 'product' }],
        ['SpecialistJoinedTeam', { managerId: OTHER, role: 'credit' }],
        ['SpecialistJoinedTeam', { managerId: SPECIALIST, role: 'fx' }],
        ['BackupManagerAssigned', { managerId: BACKUP }],
      ]);
      const at = (type: string, managerId: string) =>
        entries.filter((entry) => entry.type === type && entry.details.managerId === managerId).at(-1)?.occurredAt;
      expect((await view()).team).toEqual({
        backupManager: { id: BACKUP, since: at('BackupManagerAssigned', BACKUP) },
        specialists: [{ managerId: SPECIALIST, role: 'fx', since: at('SpecialistJoinedTeam', SPECIALIST) }],
      });
    });

    it('lets the backup and the specialist read the client, never list it, and nobody else read it', async () => {
      for (const caller of [backup, specialist]) {
        expect((await caller.get(`/v1/clients/${client}`)).status).toBe(200);
        expect((await caller.get(`/v1/clients/${client}/timeline`)).status).toBe(200);
        const listed = status(await caller.get<{ items: { id: string }[] }>(`/v1/clients?branchId=${BRANCH}`), 200);
        expect(listed.items.map((item) => item.id)).not.toContain(client);
      }
      expect((await other.get(`/v1/clients/${client}`)).status).toBe(404);
    });

    it("lets the backup and the specialist read the client's alerts, and nobody else", async () => {
      written(
        await admin.post<Write>(`/v1/clients/${client}/risk-flags`, {
          type: 'litigation',
          severity: 'critical',
          note: 'Supplier sued',
        }),
        201,
      );
      let alertId: string | undefined;
      await eventually(async () => {
        const page = await admin.get<{ items: { id: string; clientId: string }[] }>(
          `/v1/alerts?ruleId=EW-FLAGS&limit=50`,
        );
        alertId = page.body.items?.find((alert) => alert.clientId === client)?.id;
        return alertId !== undefined;
      }, 15_000);
      for (const caller of [backup, specialist]) {
        expect((await caller.get(`/v1/alerts/${alertId}`)).status).toBe(200);
      }
      expect((await other.get(`/v1/alerts/${alertId}`)).status).toBe(404);
    });

    it('lets the backup write only while the covering manager is marked absent; the specialist never', async () => {
      expect((await contact(backup)).status).toBe(404);
      const absence = `/v1/managers/${PRIMARY}/absence`;
      const until = new Date(Date.now() + WEEK).toISOString();
      status(await branchHead.put<Write>(absence, { until, reason: 'annual leave' }), 200);
      written(await contact(backup), 201);
      expect((await contact(specialist)).status).toBe(404);
      expect((await contact(other)).status).toBe(404);

      const returned = status(await branchHead.delete<Write>(absence), 200);
      expect((await contact(backup)).status).toBe(404);
      // Not absent any more: a second return records nothing.
      expect(status(await branchHead.delete<Write>(absence), 200).revision).toBe(returned.revision);
      expect((await backup.get(`/v1/clients/${client}`)).status).toBe(200);
    });

    it('refuses bad input on its field and stores nothing', async () => {
      const before = (await view()).revision;
      const url = `/v1/clients/${client}`;
      const backupOf = (managerId: string) =>
        branchHead.put<Failure>(`${url}/backup-manager`, { managerId, reason: 'A/B role' });
      expect(refused(await backupOf(PRIMARY))).toEqual([422, 'CLIENT.BACKUP_IS_PRIMARY', ['managerId']]);
      expect(refused(await backupOf('M-NOBODY'))).toEqual([422, 'MANAGER.NOT_FOUND', ['managerId']]);
      expect(refused(await backupOf(DEPARTED))).toEqual([422, 'MANAGER.INACTIVE', ['managerId']]);
      const team = (body: Record<string, unknown>) => branchHead.post<Failure>(`${url}/team`, body);
      expect(refused(await team({ managerId: OTHER, role: 'lawyer' }))).toEqual([400, 'REQUEST.INVALID', ['role']]);
      expect(refused(await team({ managerId: PRIMARY, role: 'fx' }))).toEqual([
        422,
        'CLIENT.SPECIALIST_IS_PRIMARY',
        ['managerId'],
      ]);
      expect(refused(await team({ managerId: DEPARTED, role: 'fx' }))).toEqual([
        422,
        'MANAGER.INACTIVE',
        ['managerId'],
      ]);
      const notOnTeam = await branchHead.delete<Failure>(`${url}/team/${OTHER}`);
      expect([notOnTeam.status, notOnTeam.body.code]).toEqual([404, 'SPECIALIST.NOT_FOUND']);
      expect((await backup.put(`${url}/backup-manager`, { managerId: OTHER, reason: 'mine' })).status).toBe(403);
      expect((await view()).revision).toBe(before);

      const absence = `/v1/managers/${PRIMARY}/absence`;
      const managerRevision = status(await branchHead.delete<Write>(absence), 200).revision;
      const past = await branchHead.put<Failure>(absence, { until: '2020-01-01T00:00:00Z', reason: 'leave' });
      expect(refused(past)).toEqual([400, 'MANAGER.INVALID_VALUE', ['until']]);
      const departed = await branchHead.put<Failure>(`/v1/managers/${DEPARTED}/absence`, {
        until: new Date(Date.now() + WEEK).toISOString(),
        reason: 'leave',
      });
      expect([departed.status, departed.body.code]).toEqual([422, 'MANAGER.INACTIVE']);
      expect(status(await branchHead.delete<Write>(absence), 200).revision).toBe(managerRevision);
    });

    it('takes the backup off the team when a reassignment makes them the covering manager', async () => {
      written(
        await branchHead.put<Write>(`/v1/clients/${client}/manager`, { managerId: BACKUP, reason: 'takes over' }),
      );
      const current = await view();
      expect(current.manager?.id).toBe(BACKUP);
      expect(current.team?.backupManager).toBeNull();
      expect(current.team?.specialists.map((s) => s.managerId)).toEqual([SPECIALIST]);
      written(await branchHead.delete<Write>(`/v1/clients/${client}/backup-manager`));
      expect((await view()).revision).toBe(current.revision);
    });
  });

teamSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('client-team-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

teamSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('client_team_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
