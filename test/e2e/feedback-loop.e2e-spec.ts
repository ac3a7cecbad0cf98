import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv from 'ajv';
import {
  ApiClient,
  createTestSchema,
  describeWithPostgres,
  POSTGRES_TEST_URL,
  scratchDir,
  SseClient,
  type SseEvent,
} from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * The product-feedback loop through the real API, on SQLite and PostgreSQL (docs/decisions.md
 * §62): a manager forwards a client's feedback to the cards department; it appears in that
 * department's queue; the department's answer reaches the manager's agenda and the manager's alert
 * feed (and no one else's); another department's user gets 404s; bad input (an unknown department,
 * a jump from received to implemented, an unknown status) is refused with the field and stores
 * nothing; a department's user reads no client.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type QueueItem = { feedbackId: string; clientId: string; status: string; answeredAt: string | null };
type Queue = { items: QueueItem[]; nextCursor: string | null };
type AgendaEntry = { kind: string; id: string; clientId: string; legalName: string; due: string; title: string | null };
type Agenda = { items: AgendaEntry[]; overdue: AgendaEntry[] };
type Operation = { responses: Record<string, { content: Record<string, { schema: object }> }> };

const BRANCH = 'BR-FB';

const feedbackLoopSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`product-feedback loop (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let base: string;
    let anonymous: ApiClient;
    const tokens: Record<string, string> = {};
    const callers: Record<string, ApiClient> = {};
    const clients: Record<'own' | 'colleague', string> = { own: '', colleague: '' };
    const feedback: Record<'cards' | 'wealth', string> = { cards: '', wealth: '' };
    let lastPosition = '0';
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
    const documented = <T>(path: string, body: T): T => {
      const operation = schemas.paths[path]?.get as Operation;
      const validate = ajv.compile({
        ...operation.responses['200'].content['application/json'].schema,
        components: schemas.components,
      });
      expect([path, validate(body) ? [] : validate.errors]).toEqual([path, []]);
      return body;
    };
    const failure = async (answer: Promise<{ status: number; body: unknown }>) => {
      const { status: code, body } = await answer;
      const { code: error, errors } = body as Failure;
      return [code, error, errors.map((e) => e.field)];
    };
    /** The client's stream revision as its view says after everything written so far. */
    const revisionOf = async (clientId: string): Promise<number> =>
      status(await callers.admin.get<Write>(`/v1/clients/${clientId}?minPosition=${lastPosition}`), 200).revision;
    const queue = async (who: string, department: string, query = ''): Promise<Queue> =>
      documented(
        '/v1/departments/{id}/feedback',
        status(
          await callers[who].get<Queue>(`/v1/departments/${department}/feedback?minPosition=${lastPosition}${query}`),
          200,
        ),
      );
    const answered = (events: readonly SseEvent[]) => events.filter((e) => e.event === 'feedback-answered');

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector' });
      app = api.app;
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      base = `http://127.0.0.1:${address.port}`;
      anonymous = new ApiClient(base);
      const claims: Record<string, Record<string, string>> = {
        admin: { sub: 'u-fb-admin', role: 'admin' },
        manager: { sub: 'u-fb-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-FB1' },
        colleague: { sub: 'u-fb-rm2', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-FB2' },
        officer: { sub: 'u-fb-ro', role: 'risk_officer' },
        cards: { sub: 'u-fb-cards', role: 'product_department', departmentId: 'cards' },
        wealth: { sub: 'u-fb-wealth', role: 'product_department', departmentId: 'wealth-management' },
        dpo: { sub: 'u-fb-dpo', role: 'dpo' },
      };
      for (const [who, claim] of Object.entries(claims)) {
        tokens[who] = status(await anonymous.post<{ token: string }>('/v1/dev/tokens', claim), 201).token;
        callers[who] = anonymous.withToken(tokens[who]);
      }
      schemas = (await callers.admin.get<typeof schemas>('/docs-json')).body;
      for (const managerId of ['M-FB1', 'M-FB2']) {
        const manager = { managerId, name: managerId, branchId: BRANCH, level: 'senior' };
        status(await callers.admin.post('/v1/managers', manager), 201);
      }
      for (const [key, managerId] of [
        ['own', 'M-FB1'],
        ['colleague', 'M-FB2'],
      ] as const) {
        clients[key] = written(
          await callers.admin.post<Write>('/v1/clients', {
            branchId: BRANCH,
            segment: 'sme',
            industry: 'retail',
            legalName: `Feedback Client ${key}`,
            registrationNo: `RN-FB-${key}`,
            contact: { phone: '+86 21 5555 0100' },
            source: 'branch',
          }),
          201,
        ).id;
        written(
          await callers.admin.put<Write>(`/v1/clients/${clients[key]}/manager`, { managerId, reason: 'coverage' }),
        );
      }
      const forward = async (clientId: string, body: object) =>
        written(
          await callers.manager.post<Write & { feedbackId: string }>(`/v1/clients/${clientId}/feedback`, body),
          201,
        ).feedbackId;
      feedback.cards = await forward(clients.own, {
        department: 'cards',
        productCode: 'CARD-GOLD',
        theme: 'pricing',
        text: 'Secret: the gold card fee is too high',
      });
      feedback.wealth = await forward(clients.own, {
        department: 'wealth-management',
        text: 'Wants a quarterly report',
      });
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('lists the configured departments', async () => {
      const { items } = documented(
        '/v1/departments',
        status(await callers.manager.get<{ items: { id: string; kind: string }[] }>('/v1/departments'), 200),
      );
      expect(items.map((d) => `${d.id}:${d.kind}`)).toEqual(
        expect.arrayContaining(['product:product', 'risk:risk', 'service:service', 'credit-approval:credit']),
      );
      expect((await callers.cards.get('/v1/departments')).status).toBe(200);
    });

    it("puts the manager's feedback in its department's queue, and in no other", async () => {
      const cards = await queue('cards', 'cards');
      expect(cards.items).toEqual([
        expect.objectContaining({
          feedbackId: feedback.cards,
          clientId: clients.own,
          status: 'received',
          answeredAt: null,
        }),
      ]);
      expect(JSON.stringify(cards)).not.toMatch(/Secret/);
      expect((await queue('wealth', 'wealth-management')).items.map((i) => i.feedbackId)).toEqual([feedback.wealth]);
      expect((await queue('admin', 'cards')).items.map((i) => i.feedbackId)).toEqual([feedback.cards]);
    });

    it("answers another department's user with the 404 of an unknown department or feedback", async () => {
      const unknownFeedback = '0190a4c2-0000-7000-8000-000000000000';
      const asUnknown = async (path: string, unknown: string) => {
        const theirs = await callers.wealth.get(path);
        const none = await callers.wealth.get(unknown);
        expect([theirs.status, theirs.body]).toEqual([404, none.body]);
        return (theirs.body as Failure).code;
      };
      expect(await asUnknown('/v1/departments/cards/feedback', '/v1/departments/no-such/feedback')).toBe(
        'DEPARTMENT.NOT_FOUND',
      );
      expect(
        await asUnknown(
          `/v1/departments/wealth-management/feedback/${feedback.cards}`,
          `/v1/departments/wealth-management/feedback/${unknownFeedback}`,
        ),
      ).toBe('FEEDBACK.NOT_FOUND');
      const before = await revisionOf(clients.own);
      for (const path of [
        `/v1/departments/wealth-management/feedback/${feedback.cards}/status`,
        `/v1/departments/cards/feedback/${feedback.cards}/status`,
      ]) {
        expect((await callers.wealth.post(path, { status: 'under_review', answer: 'mine now' })).status).toBe(404);
      }
      expect(await revisionOf(clients.own)).toBe(before);
    });

    it('refuses bad input with the field at fault and stores nothing', async () => {
      const before = await revisionOf(clients.own);
      const forward = (department: string) =>
        callers.manager.post(`/v1/clients/${clients.own}/feedback`, { department, text: 'Queue too long' });
      expect(await failure(forward('legal'))).toEqual([400, 'CLIENT.INVALID_VALUE', ['department']]);
      expect(await failure(forward('Legal Dept'))).toEqual([400, 'REQUEST.INVALID', ['department']]);
      const change = (body: object) =>
        callers.cards.post(`/v1/departments/cards/feedback/${feedback.cards}/status`, body);
      expect(await failure(change({ status: 'implemented', answer: 'Done already' }))).toEqual([
        422,
        'FEEDBACK.INVALID_TRANSITION',
        ['status'],
      ]);
      expect(await failure(change({ status: 'done', answer: 'x' }))).toEqual([400, 'REQUEST.INVALID', ['status']]);
      expect(await failure(change({ status: 'under_review', answer: '' }))).toEqual([
        400,
        'REQUEST.INVALID',
        ['answer'],
      ]);
      expect(await revisionOf(clients.own)).toBe(before);
      expect((await queue('cards', 'cards')).items[0]?.status).toBe('received');
      const token = (claims: object) => failure(anonymous.post('/v1/dev/tokens', claims));
      expect(await token({ sub: 'u-x', role: 'product_department' })).toEqual([
        400,
        'REQUEST.INVALID',
        ['departmentId'],
      ]);
      expect(await token({ sub: 'u-x', role: 'product_department', departmentId: 'legal' })).toEqual([
        400,
        'REQUEST.INVALID',
        ['departmentId'],
      ]);
    });

    it("lets a department's user read nothing of the clients", async () => {
      for (const path of [
        `/v1/clients/${clients.own}`,
        `/v1/clients/${clients.own}/feedback`,
        '/v1/clients',
        '/v1/alerts',
      ]) {
        expect([path, (await callers.cards.get(path)).status]).toEqual([path, 403]);
      }
      expect(
        (await SseClient.open(`${base}/v1/alerts/stream`, { authorization: `Bearer ${tokens.cards}` })).status,
      ).toBe(403);
    });

    it("sends the department's answer to the manager's agenda and alert feed, and nowhere else", async () => {
      const feeds = Object.fromEntries(
        await Promise.all(
          ['manager', 'colleague', 'officer'].map(
            async (who) =>
              [
                who,
                await SseClient.open(`${base}/v1/alerts/stream`, {
                  authorization: `Bearer ${tokens[who]}`,
                  'x-purpose': 'feedback e2e',
                }),
              ] as const,
          ),
        ),
      );
      try {
        const answer = 'Secret: the annual fee is under review for the gold card';
        const changed = written(
          await callers.cards.post<Write>(`/v1/departments/cards/feedback/${feedback.cards}/status`, {
            status: 'under_review',
            answer,
          }),
        );
        expect(changed.id).toBe(clients.own);
        const [event] = answered(await feeds.manager.waitFor((events) => answered(events).length > 0));
        expect(event.id).toBe(changed.position);
        const payload = JSON.parse(event.data) as { clientId: string; data: Record<string, string> };
        expect(payload).toMatchObject({
          clientId: clients.own,
          data: { feedbackId: feedback.cards, department: 'cards', status: 'under_review', answer },
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect([answered(feeds.colleague.events), answered(feeds.officer.events)]).toEqual([[], []]);

        const agenda = status(
          await callers.manager.get<Agenda>(`/v1/managers/M-FB1/agenda?minPosition=${lastPosition}`),
          200,
        );
        expect([...agenda.overdue, ...agenda.items].filter((entry) => entry.kind === 'feedback_answer')).toEqual([
          expect.objectContaining({
            id: feedback.cards,
            clientId: clients.own,
            legalName: 'Feedback Client own',
            due: payload.data.changedAt,
            title: 'Answer from cards: under_review',
            overdue: false,
          }),
        ]);
        const colleague = status(await callers.colleague.get<Agenda>(`/v1/managers/M-FB2/agenda`), 200);
        expect([...colleague.overdue, ...colleague.items].some((e) => e.kind === 'feedback_answer')).toBe(false);

        const notes = status(
          await callers.manager.get<{ items: { feedbackId: string; status: string; answers: object[] }[] }>(
            `/v1/clients/${clients.own}/feedback`,
          ),
          200,
        );
        expect(notes.items.find((note) => note.feedbackId === feedback.cards)).toMatchObject({
          status: 'under_review',
          answers: [{ status: 'under_review', answer, changedBy: 'u-fb-cards' }],
        });
        const access = status(
          await callers.dpo.get<{ entries: { route: string; userId: string }[] }>(
            `/v1/clients/${clients.own}/access-log`,
          ),
          200,
        );
        expect(access.entries).toEqual(
          expect.arrayContaining([expect.objectContaining({ route: '/v1/alerts/stream', userId: 'u-fb-rm' })]),
        );
      } finally {
        await Promise.all(Object.values(feeds).map((feed) => feed.close()));
      }
    });

    it('walks the feedback to implemented, shows its text and answers to its department, and counts it for the product', async () => {
      for (const next of ['accepted', 'implemented']) {
        written(
          await callers.cards.post<Write>(`/v1/departments/cards/feedback/${feedback.cards}/status`, {
            status: next,
            answer: `Now ${next}`,
          }),
        );
      }
      const [item] = (await queue('cards', 'cards', '&status=implemented')).items;
      expect(item).toMatchObject({ feedbackId: feedback.cards, status: 'implemented', decidedAt: expect.any(String) });
      const detail = documented(
        '/v1/departments/{id}/feedback/{feedbackId}',
        status(
          await callers.cards.get<{ text: string; answers: { status: string }[] }>(
            `/v1/departments/cards/feedback/${feedback.cards}`,
          ),
          200,
        ),
      );
      expect(detail.text).toBe('Secret: the gold card fee is too high');
      expect(detail.answers.map((a) => a.status)).toEqual(['under_review', 'accepted', 'implemented']);
      expect(
        await failure(
          callers.cards.post(`/v1/departments/cards/feedback/${feedback.cards}/status`, {
            status: 'declined',
            answer: 'x',
          }),
        ),
      ).toEqual([422, 'FEEDBACK.INVALID_TRANSITION', ['status']]);
      const view = documented(
        '/v1/clients/{id}',
        status(await callers.manager.get<{ feedbackTracked: object[] }>(`/v1/clients/${clients.own}`), 200),
      );
      expect(view.feedbackTracked).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ feedbackId: feedback.cards, status: 'implemented', closedAt: expect.any(String) }),
        ]),
      );
      expect(JSON.stringify(view.feedbackTracked)).not.toMatch(/Secret|Now accepted/);
      const counts = documented(
        '/v1/products/{code}/feedback',
        status(await callers.cards.get(`/v1/products/CARD-GOLD/feedback?minPosition=${lastPosition}`), 200),
      );
      expect(counts).toMatchObject({
        productCode: 'CARD-GOLD',
        total: 1,
        byTheme: { pricing: 1 },
        byStatus: { implemented: 1 },
      });
    });
  });

feedbackLoopSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('feedback-loop-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

feedbackLoopSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('feedback_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
