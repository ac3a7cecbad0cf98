import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * Corporate groups through the real API on SQLite and PostgreSQL: a group of five clients rolls up
 * exactly what the members' own views say (computed here from those views, not by the code under
 * test); a client is in one group at a time, and a refused join stores nothing; members leave,
 * parents do not; scope and the read audit apply as to the parent client.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Facility = { limit: string | null; drawn: string; currency: string | null; amountOverdue: string };
type View = {
  id: string;
  group?: { id: string; role: string } | null;
  credit: { classification: string | null; facilities: Facility[] };
  openAlerts: unknown[];
};
type Group = {
  id: string;
  members: { clientId: string; role: string }[];
  exposure: {
    currency: string | null;
    totalLimit: string;
    drawn: string;
    overdue: string;
    worstClassification: string;
  };
};

const BRANCH = 'BR-GRP';
/** Units of 1/10,000, as the bank keeps amounts, so the reference sums are exact. */
const units = (amount: string): bigint => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
};

const groupsSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`corporate groups (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let head: ApiClient;
    let manager: ApiClient;
    let stranger: ApiClient;
    let dpo: ApiClient;
    const group: string[] = [];
    let other: string;
    let lastPosition = '0';

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = (answer: { status: number; body: Write }, expected = 200): Write => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    const view = async (clientId: string): Promise<View> =>
      status(await admin.get<View>(`/v1/clients/${clientId}?minPosition=${lastPosition}`), 200);

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector' });
      app = api.app;
      const as = api.as;
      admin = await as({ sub: 'u-grp-admin', role: 'admin' });
      head = await as({ sub: 'u-grp-bh', role: 'branch_head', branchId: BRANCH });
      manager = await as({ sub: 'u-grp-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-GRP' });
      stranger = await as({ sub: 'u-grp-rm2', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-GRP2' });
      dpo = await as({ sub: 'u-grp-dpo', role: 'dpo' });
      for (const managerId of ['M-GRP', 'M-GRP2']) {
        status(
          await admin.post('/v1/managers', { managerId, name: managerId, branchId: BRANCH, level: 'senior' }),
          201,
        );
      }
      const amounts = [
        ['1000000.00', '250000.50', '0'],
        ['2500000.25', '2400000.00', '12000.75'],
        ['300000.00', '0', '0'],
        ['750000.10', '100.05', '100.05'],
        ['5000.00', '4999.99', '4999.99'],
        ['900000.00', '10.00', '0'],
      ];
      for (const [n, [limit, drawn, overdue]] of amounts.entries()) {
        const { id } = status(
          await admin.post<Write>('/v1/clients', {
            branchId: BRANCH,
            segment: 'corporate',
            industry: 'manufacturing',
            legalName: `Group Member ${n} Ltd`,
            registrationNo: `RN-GRP-${n}`,
            contact: { phone: '+8612345678' },
            source: 'branch',
          }),
          201,
        );
        status(await admin.post(`/v1/clients/${id}/conversion`, {}), 200);
        status(await admin.put(`/v1/clients/${id}/manager`, { managerId: 'M-GRP', reason: 'coverage' }), 200);
        status(await admin.put(`/v1/clients/${id}/facilities/F-1`, { limit, currency: 'CNY' }), 200);
        if (drawn !== '0') status(await admin.post(`/v1/clients/${id}/facilities/F-1/utilisation`, { drawn }), 201);
        if (overdue !== '0') {
          status(
            await admin.post(`/v1/clients/${id}/facilities/F-1/past-due`, { daysPastDue: 40, amountOverdue: overdue }),
            201,
          );
        }
        (n < 5 ? group : []).push(id);
        if (n === 5) other = id;
      }
      written(
        await admin.put<Write>(`/v1/clients/${group[1]}/loan-classification`, {
          classification: 'substandard',
          reason: 'arrears',
        }),
      );
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it("rolls a group of five up to exactly the sum of its members' views", async () => {
      const formed = written(
        await manager.post<Write>('/v1/client-groups', {
          name: 'Precision Group',
          parentClientId: group[0],
          managerId: 'M-GRP',
        }),
        201,
      );
      expect(formed.id).toBe(group[0]);
      for (const clientId of group.slice(1)) {
        written(await manager.post<Write>(`/v1/client-groups/${group[0]}/members`, { clientId }));
      }
      const detail = status(await manager.get<Group>(`/v1/client-groups/${group[0]}?minPosition=${lastPosition}`), 200);
      expect(detail.members.map((member) => [member.clientId, member.role])).toEqual(
        group.map((clientId, n) => [clientId, n === 0 ? 'parent' : 'member']),
      );

      const views = await Promise.all(group.map(view));
      const facilities = views.flatMap((member) => member.credit.facilities);
      const sum = (pick: (facility: Facility) => string | null) =>
        facilities.reduce((total, facility) => total + units(pick(facility) ?? '0'), 0n);
      expect({
        totalLimit: units(detail.exposure.totalLimit),
        drawn: units(detail.exposure.drawn),
        overdue: units(detail.exposure.overdue),
      }).toEqual({
        totalLimit: sum((facility) => facility.limit),
        drawn: sum((facility) => facility.drawn),
        overdue: sum((facility) => facility.amountOverdue),
      });
      expect(detail.exposure).toMatchObject({ currency: 'CNY', worstClassification: 'substandard' });
      expect(views.map((member) => member.group?.id)).toEqual(group.map(() => group[0]));
    });

    it('keeps a client in one group: a second join is refused with its field and stores nothing', async () => {
      written(
        await head.post<Write>('/v1/client-groups', {
          name: 'Other Group',
          parentClientId: other,
          managerId: 'M-GRP2',
        }),
        201,
      );
      const before = await view(group[2]);
      const refused = await head.post<Failure>(`/v1/client-groups/${other}/members`, { clientId: group[2] });
      expect([refused.status, refused.body.code, refused.body.errors.map((error) => error.field)]).toEqual([
        422,
        'GROUP.ALREADY_IN_GROUP',
        ['clientId'],
      ]);
      const after = await view(group[2]);
      expect(after.group).toEqual(before.group);
      const otherGroup = status(await head.get<Group>(`/v1/client-groups/${other}?minPosition=${lastPosition}`), 200);
      expect(otherGroup.members.map((member) => member.clientId)).toEqual([other]);

      // A parent heads one group; a group's parent cannot form another.
      const again = await head.post<Failure>('/v1/client-groups', {
        name: 'Again',
        parentClientId: group[0],
        managerId: 'M-GRP',
      });
      expect([again.status, again.body.code]).toEqual([422, 'GROUP.ALREADY_IN_GROUP']);
    });

    it('lets a member leave (then join elsewhere), never the parent', async () => {
      written(await head.delete<Write>(`/v1/client-groups/${group[0]}/members/${group[4]}`));
      const detail = status(await head.get<Group>(`/v1/client-groups/${group[0]}?minPosition=${lastPosition}`), 200);
      expect(detail.members.map((member) => member.clientId)).toEqual(group.slice(0, 4));
      expect((await view(group[4])).group ?? null).toBeNull();
      written(await head.post<Write>(`/v1/client-groups/${other}/members`, { clientId: group[4] }));
      expect((await view(group[4])).group).toEqual({ id: other, role: 'member' });

      const parentLeaves = await head.delete<Failure>(`/v1/client-groups/${group[0]}/members/${group[0]}`);
      expect([parentLeaves.status, parentLeaves.body.code]).toEqual([422, 'GROUP.PARENT_CANNOT_LEAVE']);
    });

    it('answers 404 for a client heading no group, and keeps groups to the scope of their parent', async () => {
      const unknown = await admin.get<Failure>(`/v1/client-groups/${group[1]}`);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'GROUP.NOT_FOUND']);
      const noGroup = await admin.post<Failure>(`/v1/client-groups/${group[1]}/members`, { clientId: group[3] });
      expect([noGroup.status, noGroup.body.code]).toEqual([404, 'GROUP.NOT_FOUND']);
      // Another manager's clients: the group reads as unknown, and forming one there too.
      expect((await stranger.get(`/v1/client-groups/${group[0]}`)).status).toBe(404);
      expect(
        (await stranger.post('/v1/client-groups', { name: 'Mine', parentClientId: group[1], managerId: 'M-GRP2' }))
          .status,
      ).toBe(404);
      const bad = await head.post<Failure>('/v1/client-groups', {
        name: '',
        parentClientId: 'nope',
        managerId: 'M-GRP',
      });
      expect([bad.status, bad.body.errors.map((error) => error.field).sort()]).toEqual([
        400,
        ['name', 'parentClientId'],
      ]);
    });

    it("records the group's read in every member's access log", async () => {
      const log = status(
        await dpo.get<{ entries: { userId: string; route: string }[] }>(`/v1/clients/${group[3]}/access-log`),
        200,
      );
      expect(log.entries.map((entry) => `${entry.userId} ${entry.route}`)).toContain('u-grp-rm /v1/client-groups/:id');
    });
  });

groupsSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('client-groups-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

groupsSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('client_groups_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
