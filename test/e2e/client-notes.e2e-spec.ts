import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@crm/platform';
import { ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { createCrmApi } from '../../apps/crm-api/src/bootstrap';

/**
 * A manager reads back what was written about a client (contacts, complaints, feedback), through
 * the real API on SQLite and PostgreSQL: exactly as written, newest first and paged; without the
 * texts for a risk officer; "[erased]" for everyone once the client is erased.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pages' shapes are what these tests check
type Page = { items: Record<string, any>[]; nextCursor: string | null };

const BRANCH = 'BR-NOTES';
const MANAGER = 'M-NOTES-1';
const SUMMARIES = ['Q1 review of the credit line', 'Visited the new plant', 'CFO asked about FX hedging'];

const notesSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`client notes (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let manager: ApiClient;
    let officer: ApiClient;
    let dpo: ApiClient;
    let colleague: ApiClient;
    let clientId: string;

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      app = await createCrmApi(loadConfig({ ...prepared.env, PORT: '0', LOG_LEVEL: 'silent', WORKERS: 'projector' }));
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      const anonymous = new ApiClient(`http://127.0.0.1:${address.port}`);
      const as = async (claims: Record<string, string>) =>
        anonymous.withToken(status(await anonymous.post<{ token: string }>('/v1/dev/tokens', claims), 201).token);
      const admin = await as({ sub: 'u-notes-admin', role: 'admin' });
      manager = await as({ sub: 'u-notes-rm', role: 'relationship_manager', branchId: BRANCH, managerId: MANAGER });
      colleague = await as({ sub: 'u-notes-rm2', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-X' });
      officer = await as({ sub: 'u-notes-ro', role: 'risk_officer' });
      dpo = await as({ sub: 'u-notes-dpo', role: 'dpo' });

      status(
        await admin.post('/v1/managers', {
          managerId: MANAGER,
          name: 'Notes Manager',
          branchId: BRANCH,
          level: 'senior',
        }),
        201,
      );
      clientId = status(
        await admin.post<{ id: string }>('/v1/clients', {
          branchId: BRANCH,
          segment: 'sme',
          industry: 'retail',
          legalName: 'Notes Trading Ltd',
          registrationNo: 'RN-NOTES-1',
          contact: { phone: '+8612345678' },
          source: 'branch',
        }),
        201,
      ).id;
      status(await admin.post(`/v1/clients/${clientId}/conversion`, {}), 200);
      status(await admin.put(`/v1/clients/${clientId}/manager`, { managerId: MANAGER, reason: 'coverage' }), 200);
      for (const [n, summary] of SUMMARIES.entries()) {
        status(
          await manager.post(`/v1/clients/${clientId}/contacts`, {
            managerId: MANAGER,
            channel: 'visit',
            purpose: 'relationship',
            summary,
            occurredAt: `2026-0${n + 1}-10T09:00:00Z`,
            ...(n === 0 ? { followUpDue: '2026-01-17T09:00:00Z' } : {}),
          }),
          201,
        );
      }
      status(
        await manager.post(`/v1/clients/${clientId}/complaints`, { category: 'fees', text: 'Charged twice in March' }),
        201,
      );
      const { position } = status(
        await manager.post<{ position: string }>(`/v1/clients/${clientId}/feedback`, {
          department: 'product',
          text: 'Wants a 5-year deposit',
        }),
        201,
      );
      // The notes are read from the stream, but who may read them from the client view: wait until
      // it has the manager's assignment (read-your-writes), or a loaded run reads a 404.
      status(await manager.get(`/v1/clients/${clientId}?minPosition=${position}`), 200);
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it('gives back every contact summary as logged, newest first, a page at a time', async () => {
      const first = status(await manager.get<Page>(`/v1/clients/${clientId}/contacts?limit=2`), 200);
      expect(first.items.map((item) => item.summary)).toEqual([SUMMARIES[2], SUMMARIES[1]]);
      expect(first.nextCursor).not.toBeNull();
      const rest = status(
        await manager.get<Page>(`/v1/clients/${clientId}/contacts?limit=2&cursor=${first.nextCursor}`),
        200,
      );
      expect(rest).toEqual({
        items: [
          expect.objectContaining({
            summary: SUMMARIES[0],
            managerId: MANAGER,
            channel: 'visit',
            occurredAt: '2026-01-10T09:00:00.000Z',
            followUp: { due: '2026-01-17T09:00:00.000Z', completedAt: null },
          }),
        ],
        nextCursor: null,
      });
      const complaints = status(await manager.get<Page>(`/v1/clients/${clientId}/complaints`), 200);
      expect(complaints.items).toEqual([
        expect.objectContaining({ category: 'fees', text: 'Charged twice in March', resolution: null }),
      ]);
      const feedback = status(await manager.get<Page>(`/v1/clients/${clientId}/feedback`), 200);
      expect(feedback.items).toEqual([
        expect.objectContaining({ department: 'product', text: 'Wants a 5-year deposit' }),
      ]);
    });

    it("keeps the texts from a risk officer, and the notes from a colleague's scope", async () => {
      const contacts = status(await officer.get<Page>(`/v1/clients/${clientId}/contacts`), 200);
      expect(contacts.items).toHaveLength(3);
      for (const item of contacts.items) expect(item).not.toHaveProperty('summary');
      const complaints = status(await officer.get<Page>(`/v1/clients/${clientId}/complaints`), 200);
      expect(complaints.items[0]).not.toHaveProperty('text');
      const feedback = status(await officer.get<Page>(`/v1/clients/${clientId}/feedback`), 200);
      expect(feedback.items).toEqual([expect.not.objectContaining({ text: expect.anything() })]);
      expect((await colleague.get(`/v1/clients/${clientId}/contacts`)).status).toBe(404);
      expect((await manager.get(`/v1/clients/${clientId}/contacts?cursor=soon`)).status).toBe(400);
    });

    it('records every read of the notes in the access log, with who read them', async () => {
      const log = status(
        await dpo.get<{ entries: { userId: string; route: string }[] }>(`/v1/clients/${clientId}/access-log?limit=200`),
        200,
      );
      const reads = new Set(log.entries.map((entry) => `${entry.userId} ${entry.route}`));
      for (const route of ['contacts', 'complaints', 'feedback']) {
        expect(reads).toContain(`u-notes-rm /v1/clients/:id/${route}`);
        expect(reads).toContain(`u-notes-ro /v1/clients/:id/${route}`);
      }
    });

    it('reads "[erased]" for every text once the client is erased', async () => {
      status(await dpo.delete(`/v1/clients/${clientId}/personal-data`, { basis: 'PIPL art. 47, ticket NOTES-1' }), 200);
      const contacts = status(await manager.get<Page>(`/v1/clients/${clientId}/contacts`), 200);
      expect(contacts.items.map((item) => item.summary)).toEqual(['[erased]', '[erased]', '[erased]']);
      const complaints = status(await manager.get<Page>(`/v1/clients/${clientId}/complaints`), 200);
      const feedback = status(await manager.get<Page>(`/v1/clients/${clientId}/feedback`), 200);
      expect([complaints.items[0]?.text, feedback.items[0]?.text]).toEqual(['[erased]', '[erased]']);
    });
  });

notesSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('client-notes-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

notesSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('client_notes_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
