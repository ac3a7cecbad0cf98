import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type ApiClient, createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, scratchDir } from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * Maker–checker on credit changes through the real API on SQLite and PostgreSQL: a relationship
 * manager's downgrade is held (202, a proposal id) and changes nothing in the client view until a
 * risk officer approves it; nobody approves their own proposal; a rejection leaves the view as it
 * was; risk officers change credit directly; cutting a limit is never held, raising it is.
 */
type Storage = () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>;
type Write = { id: string; revision: number; position: string };
type Held = Write & { proposalId: string; status: string };
type Failure = { code: string; errors: { field: string; message: string }[] };
type Facility = { id: string; limit: string | null; overdueSince: string | null };
type View = {
  credit: { rating: string | null; classification: string | null; facilities: Facility[] };
  riskFlags: { id: string }[];
  pendingCreditChanges?: { proposalId: string; change: { type: string }; proposedBy: string }[];
};
type Proposal = {
  id: string;
  clientId: string;
  status: string;
  change: { type: string; data: Record<string, unknown> };
  proposedBy: string;
  decidedBy: string | null;
  reason: string | null;
};
type TimelineEntry = { type: string; details: Record<string, unknown> };

const BRANCH = 'BR-MC';

const makerCheckerSuite = (describeFn: (name: string, body: () => void) => void, name: string, storage: Storage) =>
  describeFn(`maker–checker on credit changes (${name})`, () => {
    let cleanup: () => Promise<void> = async () => undefined;
    let app: NestFastifyApplication;
    let admin: ApiClient;
    let manager: ApiClient;
    let officer: ApiClient;
    let otherOfficer: ApiClient;
    let proposerAsOfficer: ApiClient;
    let strangerManager: ApiClient;
    let clientId: string;
    let lastPosition = '0';

    const status = <T>(answer: { status: number; body: T }, expected: number): T => {
      expect([answer.status, answer.body]).toEqual([expected, expect.anything()]);
      return answer.body;
    };
    const written = <T extends Write>(answer: { status: number; body: T }, expected = 200): T => {
      const body = status(answer, expected);
      lastPosition = body.position;
      return body;
    };
    const view = async (): Promise<View> =>
      status(await admin.get<View>(`/v1/clients/${clientId}?minPosition=${lastPosition}`), 200);
    const facility = async (facilityId: string) => (await view()).credit.facilities.find((f) => f.id === facilityId);

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector' });
      app = api.app;
      admin = await api.as({ sub: 'u-mc-admin', role: 'admin' });
      manager = await api.as({ sub: 'u-mc-rm', role: 'relationship_manager', branchId: BRANCH, managerId: 'M-MC' });
      strangerManager = await api.as({
        sub: 'u-mc-rm2',
        role: 'relationship_manager',
        branchId: BRANCH,
        managerId: 'M-MC2',
      });
      officer = await api.as({ sub: 'u-mc-ro', role: 'risk_officer' });
      otherOfficer = await api.as({ sub: 'u-mc-ro2', role: 'risk_officer' });
      proposerAsOfficer = await api.as({ sub: 'u-mc-rm', role: 'risk_officer' });
      status(
        await admin.post('/v1/managers', { managerId: 'M-MC', name: 'M-MC', branchId: BRANCH, level: 'senior' }),
        201,
      );
      clientId = status(
        await admin.post<Write>('/v1/clients', {
          branchId: BRANCH,
          segment: 'corporate',
          industry: 'manufacturing',
          legalName: 'Maker Checker Ltd',
          registrationNo: 'RN-MC-1',
          contact: { phone: '+8612345678' },
          source: 'branch',
        }),
        201,
      ).id;
      status(await admin.post(`/v1/clients/${clientId}/conversion`, {}), 200);
      status(await admin.put(`/v1/clients/${clientId}/manager`, { managerId: 'M-MC', reason: 'coverage' }), 200);
      status(await officer.put(`/v1/clients/${clientId}/credit-rating`, { rating: 'BBB', reason: 'onboarding' }), 200);
      written(
        await admin.put<Write>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '1000000.00', currency: 'CNY' }),
      );
    });

    afterAll(async () => {
      await app?.close();
      await cleanup();
    });

    it("holds a relationship manager's downgrade until a risk officer approves it", async () => {
      const held = written(
        await manager.put<Held>(`/v1/clients/${clientId}/credit-rating`, { rating: 'BB', reason: 'weaker cash flow' }),
        202,
      );
      expect(held).toMatchObject({ id: clientId, status: 'pending' });
      expect(held.proposalId).toMatch(new RegExp(`^${clientId}\\.\\d+$`));
      const pending = await view();
      expect(pending.credit.rating).toBe('BBB');
      expect(pending.pendingCreditChanges).toEqual([
        {
          proposalId: held.proposalId,
          change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'weaker cash flow' } },
          proposedBy: 'u-mc-rm',
          proposedAt: expect.any(String),
        },
      ]);

      // The officers' queue: clients with a credit change waiting for approval.
      const queue = async () =>
        status(
          await officer.get<{ items: { id: string }[] }>(
            `/v1/clients?creditApproval=pending&minPosition=${lastPosition}`,
          ),
          200,
        ).items.map((item) => item.id);
      expect(await queue()).toEqual([clientId]);
      const proposal = status(await manager.get<Proposal>(`/v1/credit-proposals/${held.proposalId}`), 200);
      expect(proposal).toMatchObject({
        id: held.proposalId,
        clientId,
        status: 'pending',
        change: { type: 'ChangeCreditRating', data: { rating: 'BB', reason: 'weaker cash flow' } },
        proposedBy: 'u-mc-rm',
        decidedBy: null,
      });

      // The proposer cannot approve (a relationship manager may not decide proposals at all).
      const ownApproval = await manager.post<Failure>(`/v1/credit-proposals/${held.proposalId}/approval`, {});
      expect([ownApproval.status, ownApproval.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
      // Nor can the same person holding a role that decides: four eyes compare people (user ids), not roles.
      const ownApprovalAsOfficer = await proposerAsOfficer.post<Failure>(
        `/v1/credit-proposals/${held.proposalId}/approval`,
        {},
      );
      expect([ownApprovalAsOfficer.status, ownApprovalAsOfficer.body.code]).toEqual([
        403,
        'CREDIT_PROPOSAL.FOUR_EYES_REQUIRED',
      ]);
      expect((await view()).credit.rating).toBe('BBB');

      written(await officer.post<Write>(`/v1/credit-proposals/${held.proposalId}/approval`, {}));
      const approved = await view();
      expect([approved.credit.rating, approved.pendingCreditChanges]).toEqual(['BB', []]);
      expect(await queue()).toEqual([]);
      const decided = status(await manager.get<Proposal>(`/v1/credit-proposals/${held.proposalId}`), 200);
      expect([decided.status, decided.decidedBy]).toEqual(['approved', 'u-mc-ro']);

      const again = await otherOfficer.post<Failure>(`/v1/credit-proposals/${held.proposalId}/approval`, {});
      expect([again.status, again.body.code]).toEqual([409, 'CREDIT_PROPOSAL.DECIDED']);

      const timeline = status(
        await admin.get<{ entries: TimelineEntry[] }>(`/v1/clients/${clientId}/timeline?minPosition=${lastPosition}`),
        200,
      );
      const types = timeline.entries.map((entry) => entry.type);
      expect(types).toEqual(expect.arrayContaining(['CreditChangeProposed', 'CreditChangeApproved']));
      // The approval and the change are one write, the change right behind the approval.
      const approvedAt = types.indexOf('CreditChangeApproved');
      expect(Math.abs(types.indexOf('CreditRatingChanged', 0) - approvedAt)).toBe(1);
    });

    it('leaves the client as it was when a proposal is rejected, and asks for a reason', async () => {
      const held = written(
        await manager.put<Held>(`/v1/clients/${clientId}/loan-classification`, {
          classification: 'substandard',
          reason: 'arrears expected',
        }),
        202,
      );
      const noReason = await officer.post<Failure>(`/v1/credit-proposals/${held.proposalId}/rejection`, {});
      expect([noReason.status, [...new Set(noReason.body.errors.map((error) => error.field))]]).toEqual([
        400,
        ['reason'],
      ]);
      written(
        await officer.post<Write>(`/v1/credit-proposals/${held.proposalId}/rejection`, {
          reason: 'the arrears are not there yet',
        }),
      );
      expect((await view()).credit.classification).toBeNull();
      const rejected = status(await officer.get<Proposal>(`/v1/credit-proposals/${held.proposalId}`), 200);
      expect([rejected.status, rejected.decidedBy, rejected.reason]).toEqual([
        'rejected',
        'u-mc-ro',
        'the arrears are not there yet',
      ]);
      const late = await otherOfficer.post<Failure>(`/v1/credit-proposals/${held.proposalId}/approval`, {});
      expect([late.status, late.body.code]).toEqual([409, 'CREDIT_PROPOSAL.DECIDED']);
    });

    it('holds a limit raise but not a cut, and lets risk officers change credit directly', async () => {
      written(
        await manager.put<Write>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '800000.00', currency: 'CNY' }),
        200,
      );
      expect((await facility('F-1'))?.limit).toBe('800000.00');
      const raise = written(
        await manager.put<Held>(`/v1/clients/${clientId}/facilities/F-1`, { limit: '1500000.00', currency: 'CNY' }),
        202,
      );
      const opening = written(
        await manager.put<Held>(`/v1/clients/${clientId}/facilities/F-2`, { limit: '10.00', currency: 'CNY' }),
        202,
      );
      expect((await facility('F-1'))?.limit).toBe('800000.00');
      expect(await facility('F-2')).toBeUndefined();
      written(await otherOfficer.post<Write>(`/v1/credit-proposals/${raise.proposalId}/approval`, {}));
      expect((await facility('F-1'))?.limit).toBe('1500000.00');
      expect(opening.proposalId).not.toBe(raise.proposalId);

      written(
        await officer.put<Write>(`/v1/clients/${clientId}/credit-rating`, { rating: 'B', reason: 'officer review' }),
        200,
      );
      expect((await view()).credit.rating).toBe('B');
    });

    it('holds clearing an arrear and clearing a flag until approved', async () => {
      written(
        await admin.post<Write>(`/v1/clients/${clientId}/facilities/F-1/past-due`, {
          daysPastDue: 10,
          amountOverdue: '100.00',
        }),
        201,
      );
      const flag = written(
        await officer.post<Write & { flagId: string }>(`/v1/clients/${clientId}/risk-flags`, {
          type: 'litigation',
          severity: 'high',
          note: 'Supplier filed suit',
        }),
        201,
      );
      const arrear = written(await manager.delete<Held>(`/v1/clients/${clientId}/facilities/F-1/past-due`), 202);
      const clearance = written(
        await manager.request<Held>('DELETE', `/v1/clients/${clientId}/risk-flags/${flag.flagId}`, {
          reason: 'settled',
        }),
        202,
      );
      expect((await facility('F-1'))?.overdueSince).not.toBeNull();
      expect((await view()).riskFlags.map((f) => f.id)).toContain(flag.flagId);

      written(await officer.post<Write>(`/v1/credit-proposals/${arrear.proposalId}/approval`, {}));
      written(await officer.post<Write>(`/v1/credit-proposals/${clearance.proposalId}/approval`, {}));
      expect((await facility('F-1'))?.overdueSince).toBeNull();
      expect((await view()).riskFlags.map((f) => f.id)).not.toContain(flag.flagId);
    });

    it('keeps proposals to the scope of their client, and answers 404 for unknown ones', async () => {
      const held = written(
        await manager.put<Held>(`/v1/clients/${clientId}/credit-rating`, { rating: 'CCC', reason: 'default risk' }),
        202,
      );
      expect((await strangerManager.get(`/v1/credit-proposals/${held.proposalId}`)).status).toBe(404);
      const unknown = await officer.get<Failure>(`/v1/credit-proposals/${clientId}.999`);
      expect([unknown.status, unknown.body.code]).toEqual([404, 'CREDIT_PROPOSAL.NOT_FOUND']);
      const approveUnknown = await officer.post<Failure>(`/v1/credit-proposals/${clientId}.999/approval`, {});
      expect([approveUnknown.status, approveUnknown.body.code]).toEqual([404, 'CREDIT_PROPOSAL.NOT_FOUND']);
      const malformed = await officer.get<Failure>('/v1/credit-proposals/not-a-proposal');
      expect([malformed.status, malformed.body.errors.map((error) => error.field)]).toEqual([400, ['id']]);
    });

    it('answers a retried held change with the same 202 and proposal (Idempotency-Key)', async () => {
      const key = { 'Idempotency-Key': 'mc-retry-1' };
      const first = await manager.put<Held>(
        `/v1/clients/${clientId}/loan-classification`,
        { classification: 'doubtful', reason: 'retry' },
        key,
      );
      const retry = await manager.put<Held>(
        `/v1/clients/${clientId}/loan-classification`,
        { classification: 'doubtful', reason: 'retry' },
        key,
      );
      expect([first.status, retry.status]).toEqual([202, 202]);
      expect(retry.body.proposalId).toBe(first.body.proposalId);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
    });
  });

makerCheckerSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('credit-proposals-e2e');
  return { env: { SQLITE_PATH: join(dir.path, 'crm.sqlite') }, cleanup: async () => dir.cleanup() };
});

makerCheckerSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('credit_proposals_e2e');
  return { env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema }, cleanup: drop };
});
