import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL, RecordedLog } from '@crm/testing';
import { PostgresReadModelStore } from '../postgres/postgres.read-model-store';
import { ClientReadModelsProjector } from '../projector/client-read-models.projector';
import type { SqlReadModelStore } from '../sql/sql.read-model-store';
import { SqliteReadModelStore } from '../sqlite/sqlite.read-model-store';
import { serviceLevelWindow } from './internal-service-levels';
import { ServiceLevelQueries } from './service-level.queries';

/**
 * The service times and ratings as the client read models' projector writes them from the log, on
 * both engines: work starts, moves its deadline and ends across batches, the first end counts,
 * and the report reads the work finished in its window.
 */
const CLIENT = '0190a4c2-00e0-7000-8000-000000000001';
const STREAM = `client-${CLIENT}`;
const CASE = `${CLIENT}.1`;
const T = (hours: number): string => new Date(Date.parse('2026-07-06T00:00:00.000Z') + hours * 3_600_000).toISOString();
const WINDOW = serviceLevelWindow('2026-07-01', '2026-09-30', 'Asia/Shanghai');
const DEPARTMENTS = [
  { id: 'service', name: 'Client service', kind: 'service' },
  { id: 'risk', name: 'Risk management', kind: 'risk' },
  { id: 'credit-approval', name: 'Credit approval', kind: 'credit' },
  { id: 'product', name: 'Products', kind: 'product' },
];

const firstBatch = (log: RecordedLog): void => {
  log.append(STREAM, {
    type: 'ProspectRegistered',
    data: {
      clientId: CLIENT,
      branchId: 'BR-1',
      segment: 'sme',
      industry: 'retail',
      legalName: 'Service Level Client Ltd',
      registrationNo: 'RN-SL-1',
      contact: {},
      source: 'branch',
    },
  });
  log.append(STREAM, {
    type: 'ComplaintReceived',
    data: { complaintId: 'cp-1', category: 'fees', text: 'PRIVATE', receivedAt: T(0), dueBy: T(360) },
  });
  // Recorded before complaints had deadlines: the time it happened is its start.
  log.append(
    STREAM,
    { type: 'ComplaintReceived', data: { complaintId: 'cp-2', category: 'fees', text: 'PRIVATE' } },
    {
      occurredAt: T(1),
    },
  );
  log.append(STREAM, {
    type: 'CreditChangeProposed',
    data: {
      proposalId: `${CLIENT}.1`,
      change: { type: 'ChangeCreditRating', data: { rating: 'BBB', reason: 'annual review' } },
      proposedBy: 'm-1',
      proposedAt: T(2),
    },
  });
  log.append(
    STREAM,
    { type: 'FeedbackForwarded', data: { feedbackId: 'fb-1', department: 'product', text: 'PRIVATE' } },
    {
      occurredAt: T(3),
    },
  );
  log.append(`risk-case-${CASE}`, {
    type: 'RiskCaseOpened',
    data: {
      caseId: CASE,
      clientId: CLIENT,
      episode: 1,
      alert: { alertId: 'EW-DPD.x.1', ruleId: 'EW-DPD', severity: 'medium' },
      severity: 'medium',
      openedAt: T(4),
      dueBy: T(76),
    },
  });
  log.append('department-credit-approval', {
    type: 'DepartmentServiceRated',
    data: { ratingId: 'r-1', departmentId: 'credit-approval', score: 2, ratedBy: 'm-1', ratedAt: T(5) },
  });
};

const secondBatch = (log: RecordedLog): void => {
  log.append(STREAM, {
    type: 'ComplaintResolved',
    data: { complaintId: 'cp-1', resolution: 'PRIVATE', resolvedAt: T(30) },
  });
  log.append(STREAM, {
    type: 'CreditChangeRejected',
    data: { proposalId: `${CLIENT}.1`, rejectedBy: 'u-cc', rejectedAt: T(50), reason: 'PRIVATE' },
  });
  log.append(`risk-case-${CASE}`, {
    type: 'RiskCaseAlertJoined',
    data: {
      caseId: CASE,
      clientId: CLIENT,
      alert: { alertId: 'EW-UTIL.x.1', ruleId: 'EW-UTIL', severity: 'high' },
      severity: 'high',
      joinedAt: T(6),
      dueBy: T(28),
    },
  });
  const answered = (status: string, changedAt: string) => ({
    type: 'FeedbackStatusChanged',
    data: { feedbackId: 'fb-1', department: 'product', status, answer: 'PRIVATE', changedBy: 'u-p', changedAt },
  });
  log.append(STREAM, answered('under_review', T(27)));
  // A later answer leaves the answer time as it was.
  log.append(STREAM, answered('accepted', T(80)));
  log.append(`risk-case-${CASE}`, {
    type: 'RiskCaseClosed',
    data: { caseId: CASE, clientId: CLIENT, closedAt: T(40) },
  });
  log.append('department-credit-approval', {
    type: 'DepartmentServiceRated',
    data: { ratingId: 'r-2', departmentId: 'credit-approval', score: 5, ratedBy: 'm-2', ratedAt: T(51) },
  });
  // Rated after the window: not in the report.
  log.append('department-risk', {
    type: 'DepartmentServiceRated',
    data: { ratingId: 'r-3', departmentId: 'risk', score: 1, ratedBy: 'm-2', ratedAt: '2026-10-01T00:00:00.000Z' },
  });
};

type Engine = Readonly<{ open(): Promise<SqlReadModelStore>; dispose(): Promise<void> }>;

const serviceLevelsSuite = (name: string, engine: () => Engine): void =>
  describe(`service levels read model: ${name}`, () => {
    let current: Engine;
    let store: SqlReadModelStore;

    beforeAll(async () => {
      current = engine();
      store = await current.open();
      const log = new RecordedLog();
      const projector = new ClientReadModelsProjector(store);
      firstBatch(log);
      const first = log.events.length;
      await projector.projectBatch(0n, log.events);
      secondBatch(log);
      await projector.projectBatch(BigInt(first), log.events.slice(first));
    });

    afterAll(async () => {
      await store.close();
      await current.dispose();
    });

    it('keeps each piece of work finished in the window with its start, end and deadline', async () => {
      const ended = await store.serviceLevels.endedBetween(WINDOW.start, WINDOW.end);
      expect(ended.sort((a, b) => a.measure.localeCompare(b.measure))).toEqual([
        { measure: 'complaint_resolution', departmentId: 'service', startedAt: T(0), endedAt: T(30), dueAt: T(360) },
        { measure: 'credit_approval', departmentId: 'credit-approval', startedAt: T(2), endedAt: T(50), dueAt: null },
        { measure: 'feedback_answer', departmentId: 'product', startedAt: T(3), endedAt: T(27), dueAt: null },
        // The deadline it had when closed (moved by the alert that joined it), not the first one.
        { measure: 'risk_case_handling', departmentId: 'risk', startedAt: T(4), endedAt: T(40), dueAt: T(28) },
      ]);
      expect(await store.serviceLevels.endedBetween(T(31), T(45))).toEqual([
        { measure: 'risk_case_handling', departmentId: 'risk', startedAt: T(4), endedAt: T(40), dueAt: T(28) },
      ]);
    });

    it('reports per department: times, deadlines met and the ratings of the window', async () => {
      const report = await new ServiceLevelQueries(store).internalServiceLevels(WINDOW, DEPARTMENTS, {
        credit_approval: 48,
        feedback_answer: 240,
      });
      const byId = new Map(report.items.map((item) => [item.departmentId, item]));
      expect(byId.get('service')?.measures).toEqual([
        expect.objectContaining({ measure: 'complaint_resolution', completed: 1, p50Hours: 30, withinTarget: 1 }),
      ]);
      expect(byId.get('risk')).toMatchObject({
        measures: [{ measure: 'risk_case_handling', completed: 1, p50Hours: 36, withTarget: 1, withinTarget: 0 }],
        satisfaction: { ratings: 0 },
      });
      expect(byId.get('credit-approval')).toMatchObject({
        measures: [{ measure: 'credit_approval', completed: 1, p50Hours: 48, withTarget: 1, withinTarget: 1 }],
        satisfaction: { ratings: 2, averageScore: 3.5, satisfiedShare: 0.5 },
      });
      expect(byId.get('product')?.measures).toEqual([
        expect.objectContaining({ measure: 'feedback_answer', completed: 1, p50Hours: 24, withinTarget: 1 }),
      ]);
    });
  });

let dir: string | undefined;
let files = 0;
serviceLevelsSuite('SQLite', () => {
  dir ??= mkdtempSync(join(tmpdir(), 'crm-service-levels-'));
  files += 1;
  const file = join(dir, `read-models-${files}.sqlite`);
  return {
    open: async () => SqliteReadModelStore.open(file, { generationPollMs: 0 }),
    dispose: async () => rmSync(dir ?? '', { recursive: true, force: true }),
  };
});

describeWithPostgres('service levels on PostgreSQL', () => {
  const drops: (() => Promise<void>)[] = [];
  serviceLevelsSuite('PostgreSQL', () => ({
    open: async () => {
      const { schema, drop } = await createTestSchema('crm_service_levels');
      drops.push(drop);
      return PostgresReadModelStore.open({
        connectionString: POSTGRES_TEST_URL,
        schema,
        maxConnections: 2,
        generationPollMs: 0,
      });
    },
    dispose: async () => {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  }));
});
