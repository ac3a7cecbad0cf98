import { join } from 'node:path';
import ICAL from 'ical.js';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * The manager's agenda through the real API on SQLite and PostgreSQL: visits, tasks and
 * follow-ups planned over the coming days give a week's agenda equal to the list worked out by
 * hand below; the iCalendar export parses with an independent parser (ical.js); bad input is
 * refused on its field and stores nothing; a risk officer sees no task title; erasure leaves none.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Entry = {
  kind: string;
  id: string;
  clientId: string;
  legalName: string;
  due: string;
  overdue: boolean;
  purpose: string | null;
  title?: string | null;
};
type Agenda = {
  managerId: string;
  from: string;
  to: string;
  items: Entry[];
  overdue: Entry[];
  coverageDays: number;
  uncontactedCoreClients: { clientId: string; legalName: string; lastContactAt: string | null }[];
  truncated: boolean;
};
type View = {
  revision: number;
  agenda?: { visits: { visitId: string }[]; tasks: { taskId: string; title?: string }[] };
};

const BRANCH = 'BR-AG';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const agendaSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`the manager's agenda (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let manager: ApiClient;
    let otherManager: ApiClient;
    let officer: ApiClient;
    let dpo: ApiClient;
    let lastPosition = '0';
    // Whole minutes from a start a little ahead of the test, so every planned time is in the future.
    const start = new Date(Math.ceil((Date.now() + HOUR) / 60_000) * 60_000);
    const at = (offset: number): string => new Date(start.getTime() + offset).toISOString();
    const clients: Record<'acme' | 'beta' | 'core', string> = { acme: '', beta: '', core: '' };

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = <T extends Write>(answer: { status: number; body: T }, expected = 200): T => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    const agendaOf = async (caller: ApiClient, query = `from=${start.toISOString()}&to=${at(7 * DAY)}`) =>
      status(await caller.get<Agenda>(`/v1/managers/M-AG/agenda?${query}&minPosition=${lastPosition}`), 200);
    const register = async (legalName: string): Promise<string> => {
      const id = written(
        await admin.post<Write>('/v1/clients', {
          branchId: BRANCH,
          segment: 'corporate',
          industry: 'manufacturing',
          legalName,
          registrationNo: `RN-${legalName}`,
          contact: { phone: '+8612345678' },
          source: 'branch',
        }),
        201,
      ).id;
      status(await admin.post(`/v1/clients/${id}/conversion`, {}), 200);
      written(await admin.put<Write>(`/v1/clients/${id}/manager`, { managerId: 'M-AG', reason: 'coverage' }));
      return id;
    };

    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector' });
      app = api.app;
      admin = await api.as({ sub: 'u-ag-admin', role: 'admin' });
      manager = await api.as({ sub: 'u-ag-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-AG' });
      otherManager = await api.as({
        sub: 'u-ag-rm2',
        role: 'relationship_manager',
        branchId: BRANCH,
        managerId: 'M-AG2',
      });
      officer = await api.as({ sub: 'u-ag-ro', role: 'risk_officer' });
      dpo = await api.as({ sub: 'u-ag-dpo', role: 'dpo' });
      for (const [managerId, level] of [
        ['M-AG', 'senior'],
        ['M-AG2', 'associate'],
        ['M-AG3', 'associate'],
      ]) {
        status(await admin.post('/v1/managers', { managerId, name: managerId, branchId: BRANCH, level }), 201);
      }
      status(
        await admin.post('/v1/managers/M-AG3/departure', { departedAt: new Date().toISOString(), reason: 'left' }),
        200,
      );
      clients.acme = await register('Acme Agenda Ltd');
      clients.beta = await register('Beta Agenda Ltd');
      clients.core = await register('Core Agenda Ltd');
      written(await admin.put<Write>(`/v1/clients/${clients.core}/tier`, { tier: 'core', reason: 'review' }));

      // Acme: a visit tomorrow, a follow-up in two days, a task in three, a visit next fortnight
      // (outside the week), and a task for another manager (not on this agenda).
      const acme = `/v1/clients/${clients.acme}`;
      ids.visit = written(
        await manager.post<Write & { visitId: string }>(`${acme}/visits`, {
          plannedAt: at(DAY),
          purpose: 'relationship',
        }),
        201,
      ).visitId;
      ids.followUp = written(
        await manager.post<Write & { contactId: string }>(`${acme}/contacts`, {
          channel: 'call',
          purpose: 'consultation',
          summary: 'Asked for a rate offer',
          occurredAt: new Date().toISOString(),
          followUpDue: at(2 * DAY),
        }),
        201,
      ).contactId;
      ids.task = written(
        await manager.post<Write & { taskId: string }>(`${acme}/tasks`, {
          title: 'Collect the 2025 audited statements',
          due: at(3 * DAY),
        }),
        201,
      ).taskId;
      written(
        await manager.post<Write>(`${acme}/visits`, { plannedAt: at(12 * DAY), purpose: 'product_promotion' }),
        201,
      );
      written(
        await admin.post<Write>(`${acme}/tasks`, {
          title: 'Prepare the FX offer',
          due: at(2 * DAY),
          assigneeId: 'M-AG2',
        }),
        201,
      );
      // Beta: a follow-up that fell due yesterday (overdue), a visit cancelled, a task done.
      const beta = `/v1/clients/${clients.beta}`;
      ids.late = written(
        await manager.post<Write & { contactId: string }>(`${beta}/contacts`, {
          channel: 'visit',
          purpose: 'relationship',
          summary: 'Annual review',
          occurredAt: new Date(Date.now() - 3 * DAY).toISOString(),
          followUpDue: new Date(Date.now() - DAY).toISOString(),
        }),
        201,
      ).contactId;
      const cancelled = written(
        await manager.post<Write & { visitId: string }>(`${beta}/visits`, {
          plannedAt: at(4 * DAY),
          purpose: 'product_promotion',
        }),
        201,
      ).visitId;
      written(await manager.post<Write>(`${beta}/visits/${cancelled}/cancellation`, { reason: 'client travelling' }));
      const done = written(
        await manager.post<Write & { taskId: string }>(`${beta}/tasks`, { title: 'Send the tariff', due: at(5 * DAY) }),
        201,
      ).taskId;
      written(await manager.post<Write>(`${beta}/tasks/${done}/completion`));
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lists the week as worked out by hand: visits, tasks and follow-ups due, the overdue, the core client out of coverage', async () => {
      const agenda = await agendaOf(manager);
      const acme = { clientId: clients.acme, legalName: 'Acme Agenda Ltd', overdue: false };
      expect(agenda).toEqual({
        managerId: 'M-AG',
        from: start.toISOString(),
        to: at(7 * DAY),
        items: [
          { ...acme, kind: 'visit', id: ids.visit, due: at(DAY), purpose: 'relationship', title: null },
          { ...acme, kind: 'follow_up', id: ids.followUp, due: at(2 * DAY), purpose: null, title: null },
          {
            ...acme,
            kind: 'task',
            id: ids.task,
            due: at(3 * DAY),
            purpose: null,
            title: 'Collect the 2025 audited statements',
          },
        ],
        overdue: [
          {
            kind: 'follow_up',
            id: ids.late,
            clientId: clients.beta,
            legalName: 'Beta Agenda Ltd',
            due: expect.any(String),
            overdue: true,
            purpose: null,
            title: null,
          },
        ],
        coverageDays: 35,
        uncontactedCoreClients: [{ clientId: clients.core, legalName: 'Core Agenda Ltd', lastContactAt: null }],
        truncated: false,
      });
      // The other manager's task is on their agenda, not this one.
      const theirs = status(
        await otherManager.get<Agenda>(`/v1/managers/M-AG2/agenda?minPosition=${lastPosition}`),
        200,
      );
      expect(theirs.items.map((entry) => [entry.kind, entry.title])).toEqual([['task', 'Prepare the FX offer']]);
      expect((await otherManager.get(`/v1/managers/M-AG/agenda`)).status).toBe(404);
    });

    it('exports the same agenda as iCalendar that an independent parser reads', async () => {
      const answer = await manager.get<string>(
        `/v1/managers/M-AG/agenda?from=${start.toISOString()}&to=${at(7 * DAY)}&minPosition=${lastPosition}`,
        { accept: 'text/calendar' },
      );
      expect([answer.status, answer.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
      expect(answer.body).toContain('\r\n');
      const calendar = new ICAL.Component(ICAL.parse(answer.body));
      const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
      expect(events.map((event) => [event.summary, event.startDate.toJSDate().toISOString()])).toEqual([
        ['Visit Acme Agenda Ltd (relationship)', at(DAY)],
      ]);
      const todos = calendar.getAllSubcomponents('vtodo');
      expect(
        todos.map((todo) => [
          todo.getFirstPropertyValue('summary'),
          (todo.getFirstPropertyValue('due') as ICAL.Time).toJSDate().toISOString(),
        ]),
      ).toEqual([
        ['Follow-up Beta Agenda Ltd', expect.any(String)],
        ['Follow-up Acme Agenda Ltd', at(2 * DAY)],
        ['Task Acme Agenda Ltd: Collect the 2025 audited statements', at(3 * DAY)],
      ]);
      expect(new Set(todos.map((todo) => todo.getFirstPropertyValue('uid'))).size).toBe(3);

      // Both reads (JSON, then iCalendar) are in the read audit of every client they named; Acme
      // also by the other manager, whose task on Acme is on their agenda.
      const readers = { [clients.acme]: ['u-ag-rm', 'u-ag-rm', 'u-ag-rm2'], [clients.beta]: ['u-ag-rm', 'u-ag-rm'] };
      for (const clientId of [clients.acme, clients.beta, clients.core]) {
        const log = status(
          await dpo.get<{ entries: { route: string; userId: string }[] }>(`/v1/clients/${clientId}/access-log`),
          200,
        );
        const reads = log.entries.filter((entry) => entry.route === '/v1/managers/:id/agenda');
        expect([clientId, reads.map((entry) => entry.userId).sort()]).toEqual([
          clientId,
          readers[clientId] ?? ['u-ag-rm', 'u-ag-rm'],
        ]);
      }
    });

    it('refuses bad input on its field and stores nothing', async () => {
      const acme = `/v1/clients/${clients.acme}`;
      const before = status(await admin.get<View>(`${acme}?minPosition=${lastPosition}`), 200).revision;
      const past = await manager.post<Failure>(`${acme}/visits`, {
        plannedAt: new Date(Date.now() - HOUR).toISOString(),
        purpose: 'product_promotion',
      });
      expect([past.status, past.body.errors.map((error) => error.field)]).toEqual([400, ['plannedAt']]);
      const unknown = await manager.post<Failure>(`${acme}/tasks`, {
        title: 'x',
        due: at(DAY),
        assigneeId: 'M-NOBODY',
      });
      expect([unknown.status, unknown.body.code, unknown.body.errors.map((error) => error.field)]).toEqual([
        422,
        'MANAGER.NOT_FOUND',
        ['assigneeId'],
      ]);
      const departed = await manager.post<Failure>(`${acme}/visits`, {
        plannedAt: at(DAY),
        purpose: 'product_promotion',
        managerId: 'M-AG3',
      });
      expect([departed.status, departed.body.code]).toEqual([422, 'MANAGER.INACTIVE']);
      const noTitle = await manager.post<Failure>(`${acme}/tasks`, { due: at(DAY) });
      expect([noTitle.status, [...new Set(noTitle.body.errors.map((error) => error.field))]]).toEqual([400, ['title']]);
      const badWindow = await manager.get<Failure>(`/v1/managers/M-AG/agenda?from=${at(DAY)}&to=${at(0)}`);
      expect([badWindow.status, badWindow.body.errors.map((error) => error.field)]).toEqual([400, ['to']]);
      const unknownVisit = await manager.post<Failure>(`${acme}/contacts`, {
        channel: 'visit',
        purpose: 'product_promotion',
        summary: 'Dropped by',
        occurredAt: new Date().toISOString(),
        visitId: '0190a4c2-00ca-7000-8000-000000000000',
      });
      expect([unknownVisit.status, unknownVisit.body.code]).toEqual([422, 'VISIT.NOT_FOUND']);
      expect(status(await admin.get<View>(`${acme}?minPosition=${lastPosition}`), 200).revision).toBe(before);
    });

    it('hides task titles from a risk officer, in the view and on the agenda', async () => {
      const view = status(await officer.get<View>(`/v1/clients/${clients.acme}?minPosition=${lastPosition}`), 200);
      expect(view.agenda?.tasks.map((task) => task.taskId)).toEqual([ids.task, expect.any(String)]);
      expect(view.agenda?.tasks.some((task) => 'title' in task)).toBe(false);
      const agenda = await agendaOf(officer);
      expect(agenda.items.map((entry) => entry.id)).toEqual([ids.visit, ids.followUp, ids.task]);
      expect(agenda.items.some((entry) => 'title' in entry)).toBe(false);
    });

    it('takes a visit off the agenda once a contact names it', async () => {
      written(
        await manager.post<Write>(`/v1/clients/${clients.acme}/contacts`, {
          channel: 'visit',
          purpose: 'relationship',
          summary: 'Came in early',
          occurredAt: new Date().toISOString(),
          visitId: ids.visit,
        }),
        201,
      );
      const agenda = await agendaOf(manager);
      expect(agenda.items.map((entry) => entry.kind)).toEqual(['follow_up', 'task']);
      const again = await manager.post<Failure>(`/v1/clients/${clients.acme}/visits/${ids.visit}/cancellation`, {
        reason: 'too late',
      });
      expect([again.status, again.body.code]).toEqual([409, 'VISIT.CLOSED']);
    });

    it('keeps no task title once the client is erased', async () => {
      written(
        await dpo.delete<Write>(`/v1/clients/${clients.acme}/personal-data`, { basis: 'PIPL art. 47, ticket AG-1' }),
      );
      const agenda = await agendaOf(manager);
      const task = agenda.items.find((entry) => entry.id === ids.task);
      expect(task).toMatchObject({ legalName: '[erased]', title: '[erased]' });
      expect(JSON.stringify(agenda)).not.toContain('Collect the 2025');
      expect(JSON.stringify(agenda)).not.toContain('Acme Agenda');
    });
  });

agendaSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('agenda-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

agendaSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('agenda_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
