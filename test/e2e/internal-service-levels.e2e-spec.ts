import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv from 'ajv';
import {
  clientDecider,
  clientStreamId,
  DEFAULT_COMPLAINT_POLICY,
  departmentDecider,
  departmentStreamId,
  riskCaseDecider,
  riskCaseStreamId,
  weekdaysCalendar,
  type Command,
  type Decider,
  type Event,
  type Severity,
} from '@crm/domain';
import { handleCommand, PostgresEventStore, SqliteEventStore, type EventStore } from '@crm/event-store';
import {
  type ApiClient,
  createTestSchema,
  describeWithPostgres,
  onboardClient,
  POSTGRES_TEST_URL,
  scratchDir,
  shippedDepartments,
} from '@crm/testing';
import { startInProcessApi } from './in-process-api';

/**
 * Internal service levels over a generated quarter (2026 Q3 on Shanghai's calendar), through the
 * real API on SQLite and PostgreSQL. The quarter's work is written by the real deciders at chosen
 * instants (complaints, credit proposals, forwarded feedback, risk cases, ratings), some of it
 * finished just before or after the quarter; the API's report must equal a reference this file
 * works out from the events it wrote, by the documented definitions. Then ratings through the API
 * and bad input.
 */
type Storage = () => Promise<{
  env: Record<string, string>;
  open: () => Promise<EventStore>;
  cleanup: () => Promise<void>;
}>;
type Measure = 'feedback_answer' | 'complaint_resolution' | 'risk_case_handling' | 'credit_approval';
type Work = { measure: Measure; department: string; start: string; end: string | null; due: string | null };
type Level = {
  measure: Measure;
  completed: number;
  p50Hours: number | null;
  p90Hours: number | null;
  targetHours: number | null;
  withTarget: number;
  withinTarget: number;
  withinTargetShare: number | null;
};
type Item = {
  departmentId: string;
  name: string;
  kind: string | null;
  measures: Level[];
  satisfaction: { ratings: number; averageScore: number | null; satisfiedShare: number | null };
};
type Report = { from: string; to: string; timeZone: string; items: Item[] };
type Failure = { code: string; errors?: { field: string; message: string }[] };
type Document = {
  components: object;
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }>;
};

const HOUR = 3_600_000;
const MEASURES: readonly Measure[] = [
  'feedback_answer',
  'complaint_resolution',
  'risk_case_handling',
  'credit_approval',
];
const TARGETS: Partial<Record<Measure, number>> = { feedback_answer: 240, credit_approval: 48 };
/** 2026 Q3 in Shanghai: 2026-06-30T16:00Z up to 2026-09-30T16:00Z. */
const Q3_START = Date.parse('2026-06-30T16:00:00.000Z');
const Q3_END = Date.parse('2026-09-30T16:00:00.000Z');
const RM = { userId: 'm-sl-1', role: 'relationship_manager' } as const;
const CHECKER = { userId: 'u-ro-1', role: 'risk_officer' } as const;
const DEPARTMENT_USER = { userId: 'u-dept-1', role: 'product_department' } as const;
const KEEPER = { userId: 'risk-monitor', role: 'service' } as const;
const CLIENTS = Array.from({ length: 6 }, (_, n) => `0190a4c2-05e0-7000-8000-${String(n + 1).padStart(12, '0')}`);
const PRODUCT_DEPARTMENTS = ['product', 'cards', 'wealth-management'];
const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Deterministic, so a failure can be replayed. */
const random = (() => {
  let seed = 20_260_701;
  return (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
})();
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const iso = (millis: number): string => new Date(millis).toISOString();
/** A whole minute from 10 days before the quarter to its last days, so some work straddles its start. */
const someStart = (): number => Q3_START - 10 * 24 * HOUR + Math.floor(random() * 100 * 24 * 60) * 60_000;
/** From a few minutes to three weeks, to the minute. */
const someDuration = (): number => (5 + Math.floor(random() * 21 * 24 * 60)) * 60_000;

/** Writes `command` on `streamId` as the API would, as `actor` at `now`; the events it decided. */
const decide = async <S, C extends Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<S, C, E>,
  now: string,
  actor: Readonly<{ userId: string; role: string }>,
  body: Readonly<{ type: string; data: object }>,
): Promise<readonly E[]> => {
  const command = { ...body, metadata: { now, actor, calendar: weekdaysCalendar('Asia/Shanghai') } } as unknown as C;
  const cause = `${body.type}-${streamId}-${now}`;
  const result = await handleCommand(store, streamId, decider, command, {
    correlationId: cause,
    causationId: cause,
    actor,
  });
  if (result.events.length === 0) throw new Error(`${body.type} on ${streamId} decided nothing`);
  return result.events;
};

const dataOf = <T>(events: readonly Event[], type: string): T => {
  const event = events.find((e) => e.type === type);
  if (event === undefined) throw new Error(`no ${type}`);
  return event.data as T;
};

/** Writes the quarter; answers the work and the ratings as the events recorded them. */
const generateQuarter = async (
  store: EventStore,
): Promise<{ work: Work[]; ratings: { department: string; score: number; at: string }[] }> => {
  const work: Work[] = [];
  const ratings: { department: string; score: number; at: string }[] = [];
  const departments = shippedDepartments();
  for (const client of CLIENTS) await onboardClient(store, client, '2026-06-01T01:00:00.000Z');
  const clientStream = (client: string) => clientStreamId(client);

  for (let n = 0; n < 24; n++) {
    const client = pick(CLIENTS);
    const start = someStart();
    const received = await decide(store, clientStream(client), clientDecider, iso(start), RM, {
      type: 'ReceiveComplaint',
      data: {
        complaintId: `cp-${n}`,
        category: 'fees',
        text: 'Charged twice',
        receivedAt: iso(start),
        policy: DEFAULT_COMPLAINT_POLICY,
      },
    });
    const { receivedAt, dueBy } = dataOf<{ receivedAt: string; dueBy: string }>(received, 'ComplaintReceived');
    // One in six is still open.
    const end = n % 6 === 5 ? null : start + someDuration();
    if (end !== null) {
      await decide(store, clientStream(client), clientDecider, iso(end), RM, {
        type: 'ResolveComplaint',
        data: { complaintId: `cp-${n}`, resolution: 'Refunded' },
      });
    }
    work.push({
      measure: 'complaint_resolution',
      department: 'service',
      start: receivedAt,
      end: end === null ? null : iso(end),
      due: dueBy,
    });
  }

  // A proposal that would change nothing records nothing: each one names another rating than the client's.
  const ratingOf = new Map<string, string>();
  for (let n = 0; n < 20; n++) {
    const client = CLIENTS[n % CLIENTS.length];
    const rating = pick(['A', 'BBB', 'BB', 'B'].filter((r) => r !== ratingOf.get(client)));
    if (n % 3 !== 0) ratingOf.set(client, rating);
    const start = someStart();
    const proposed = await decide(store, clientStream(client), clientDecider, iso(start), RM, {
      type: 'ProposeCreditChange',
      data: {
        change: { type: 'ChangeCreditRating', data: { rating, reason: 'Annual review' } },
      },
    });
    const { proposalId, proposedAt } = dataOf<{ proposalId: string; proposedAt: string }>(
      proposed,
      'CreditChangeProposed',
    );
    const end = start + Math.floor(random() * 96 * 60) * 60_000 + 60_000;
    await decide(store, clientStream(client), clientDecider, iso(end), CHECKER, {
      type: n % 3 === 0 ? 'RejectCreditChange' : 'ApproveCreditChange',
      data: n % 3 === 0 ? { proposalId, reason: 'Needs collateral' } : { proposalId },
    });
    work.push({
      measure: 'credit_approval',
      department: 'credit-approval',
      start: proposedAt,
      end: iso(end),
      due: null,
    });
  }

  for (let n = 0; n < 24; n++) {
    const client = pick(CLIENTS);
    const department = pick(PRODUCT_DEPARTMENTS);
    const start = someStart();
    await decide(store, clientStream(client), clientDecider, iso(start), RM, {
      type: 'ForwardFeedback',
      data: { feedbackId: `fb-${n}`, department, text: 'Wants a longer grace period', departments },
    });
    const end = n % 5 === 4 ? null : start + someDuration();
    if (end !== null) {
      const first = pick(['under_review', 'declined'] as const);
      await decide(store, clientStream(client), clientDecider, iso(end), DEPARTMENT_USER, {
        type: 'ChangeFeedbackStatus',
        data: { feedbackId: `fb-${n}`, department, status: first, answer: 'Looking into it' },
      });
      // A later step does not move the answer time.
      if (first === 'under_review') {
        await decide(store, clientStream(client), clientDecider, iso(end + 5 * 24 * HOUR), DEPARTMENT_USER, {
          type: 'ChangeFeedbackStatus',
          data: { feedbackId: `fb-${n}`, department, status: 'accepted', answer: 'Planned for next release' },
        });
      }
    }
    // The forwarding's time is when it happened: the command's now.
    work.push({
      measure: 'feedback_answer',
      department,
      start: iso(start),
      end: end === null ? null : iso(end),
      due: null,
    });
  }

  for (const [n, client] of CLIENTS.entries()) {
    const caseId = `${client}.1`;
    const start = someStart();
    // The deadline the case has at the end: the last one its events carried.
    let due: string | null = null;
    let openedAt = '';
    const track = async (now: number, alertId: string, severity: Severity, open: boolean) => {
      const events = await decide(store, riskCaseStreamId(caseId), riskCaseDecider, iso(now), KEEPER, {
        type: 'TrackCaseAlert',
        data: { caseId, clientId: client, episode: 1, alertId, ruleId: 'EW-DPD', severity, open },
      });
      for (const event of events) {
        const data = event.data as { dueBy?: string; openedAt?: string };
        if (data.dueBy !== undefined) due = data.dueBy;
        if (event.type === 'RiskCaseOpened') openedAt = data.openedAt ?? '';
      }
    };
    await track(start, `EW-DPD.${client}.1`, pick(SEVERITIES), true);
    // A second alert joins (and may bring the deadline forward) before either is resolved.
    const joinedAt = start + 60 * 60_000;
    await track(joinedAt, `EW-UTIL.${client}.1`, pick(SEVERITIES), true);
    if (n === CLIENTS.length - 1) {
      work.push({ measure: 'risk_case_handling', department: 'risk', start: openedAt, end: null, due });
      continue;
    }
    const end = joinedAt + someDuration();
    await track(end - 60_000, `EW-UTIL.${client}.1`, 'low', false);
    await track(end, `EW-DPD.${client}.1`, 'low', false);
    work.push({ measure: 'risk_case_handling', department: 'risk', start: openedAt, end: iso(end), due });
  }

  for (let n = 0; n < 30; n++) {
    const department = pick(['credit-approval', 'risk', 'service', 'cards', 'operations']);
    const at = iso(Q3_START - 3 * 24 * HOUR + Math.floor(random() * 96 * 24) * HOUR);
    const score = 1 + Math.floor(random() * 5);
    await decide(store, departmentStreamId(department), departmentDecider, at, RM, {
      type: 'RateDepartmentService',
      data: { ratingId: `r-${n}`, departmentId: department, score },
    });
    ratings.push({ department, score, at });
  }
  return { work, ratings };
};

/** Nearest rank: the value at rank ⌈p·n/100⌉ of the sorted values. */
const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1];

/** The report as the documentation defines it, from what was written. */
const reference = (work: Work[], ratings: { department: string; score: number; at: string }[]): Item[] => {
  const inQuarter = (at: string | null): boolean =>
    at !== null && Date.parse(at) >= Q3_START && Date.parse(at) < Q3_END;
  return shippedDepartments().departments.map((department) => {
    const finished = work.filter((w) => w.department === department.id && inQuarter(w.end));
    const measures = MEASURES.flatMap((measure): Level[] => {
      const done = finished.filter((w) => w.measure === measure);
      if (done.length === 0) return [];
      const hours = done
        .map((w) => Math.round((Date.parse(w.end ?? '') - Date.parse(w.start)) / (HOUR / 100)) / 100)
        .sort((a, b) => a - b);
      const target = TARGETS[measure] ?? null;
      const deadlines = done.map((w) =>
        w.due !== null ? Date.parse(w.due) : target === null ? null : Date.parse(w.start) + target * HOUR,
      );
      const withTarget = deadlines.filter((d) => d !== null).length;
      const withinTarget = done.filter(
        (w, i) => deadlines[i] !== null && Date.parse(w.end ?? '') <= (deadlines[i] ?? 0),
      ).length;
      return [
        {
          measure,
          completed: done.length,
          p50Hours: percentile(hours, 50),
          p90Hours: percentile(hours, 90),
          targetHours: target,
          withTarget,
          withinTarget,
          withinTargetShare: withTarget === 0 ? null : withinTarget / withTarget,
        },
      ];
    });
    const scores = ratings.filter((r) => r.department === department.id && inQuarter(r.at)).map((r) => r.score);
    return {
      departmentId: department.id,
      name: department.name,
      kind: department.kind,
      measures,
      satisfaction:
        scores.length === 0
          ? { ratings: 0, averageScore: null, satisfiedShare: null }
          : {
              ratings: scores.length,
              averageScore: Math.round((scores.reduce((a, b) => a + b, 0) * 100) / scores.length) / 100,
              satisfiedShare: scores.filter((s) => s >= 4).length / scores.length,
            },
    };
  });
};

const serviceLevelsSuite = (
  describeIt: (name: string, body: () => void) => void,
  name: string,
  storage: Storage,
): void =>
  describeIt(`internal service levels over a generated quarter: ${name}`, () => {
    let app: NestFastifyApplication;
    let cleanup: () => Promise<void>;
    let admin: ApiClient;
    let manager: ApiClient;
    let head: string;
    let expected: Item[];

    beforeAll(async () => {
      const prepared = await storage();
      cleanup = prepared.cleanup;
      const store = await prepared.open();
      try {
        const { work, ratings } = await generateQuarter(store);
        expected = reference(work, ratings);
        head = (await store.headPosition()).toString();
      } finally {
        await store.close();
      }
      // The projector only: the risk monitor would open cases of its own for the generated complaints.
      const api = await startInProcessApi({ ...prepared.env, WORKERS: 'projector', BANK_TIME_ZONE: 'Asia/Shanghai' });
      app = api.app;
      admin = await api.as({ sub: 'admin-1', role: 'admin' });
      manager = await api.as({ sub: RM.userId, role: 'relationship_manager', managerId: RM.userId, branchId: 'BR-1' });
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      await cleanup?.();
    });

    it('reports every department’s times, deadlines met and ratings as the reference works them out', async () => {
      const answer = await admin.get<Report>(
        `/v1/internal-service-levels?from=2026-07-01&to=2026-09-30&minPosition=${head}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ from: '2026-07-01', to: '2026-09-30', timeZone: 'Asia/Shanghai' });
      expect(answer.body.items).toEqual(expected);
      const document = (await admin.get<Document>('/docs-json')).body;
      const schema =
        document.paths['/v1/internal-service-levels'].get.responses['200'].content['application/json'].schema;
      const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile({
        ...schema,
        components: document.components,
      });
      expect(validate(answer.body) ? [] : validate.errors).toEqual([]);
      // The generated quarter exercises every measure, and some work missed its deadline.
      const measures = answer.body.items.flatMap((item) => item.measures);
      expect(new Set(measures.map((m) => m.measure))).toEqual(new Set(MEASURES));
      expect(measures.some((m) => m.withinTarget < m.withTarget)).toBe(true);
    });

    it('takes a rating through the API into the current window; refuses bad ratings and unknown departments', async () => {
      const rated = await manager.post<{ ratingId: string; position: string }>(
        '/v1/departments/credit-approval/ratings',
        {
          score: 5,
          comment: 'Quick turnaround on the renewal',
        },
      );
      expect(rated.status).toBe(201);
      // Today on Shanghai's calendar: none of the generated ratings falls on it.
      const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
      const window = `from=${today}&to=${today}&minPosition=${rated.body.position}`;
      const now = await admin.get<Report>(`/v1/internal-service-levels?${window}`);
      expect(now.status).toBe(200);
      expect(now.body.items.find((item) => item.departmentId === 'credit-approval')?.satisfaction).toMatchObject({
        ratings: 1,
        averageScore: 5,
      });

      for (const [body, field] of [
        [{ score: 4.5 }, 'score'],
        [{ score: 6 }, 'score'],
        [{ score: '4' }, 'score'],
        [{ score: 3, comment: '' }, 'comment'],
      ] as const) {
        const refused = await manager.post<Failure>('/v1/departments/credit-approval/ratings', body);
        expect(refused.status).toBe(400);
        expect(refused.body.errors?.map((e) => e.field)).toContain(field);
      }
      expect((await manager.post('/v1/departments/no-such-desk/ratings', { score: 3 })).status).toBe(404);
      const after = await admin.get<Report>(`/v1/internal-service-levels?${window}`);
      expect(after.body.items.find((item) => item.departmentId === 'credit-approval')?.satisfaction.ratings).toBe(1);
    });

    it('refuses a window that is backwards, too long or not dates, on the field; managers may not read it', async () => {
      for (const [query, field] of [
        ['from=2026-09-30&to=2026-07-01', 'to'],
        ['from=2025-01-01&to=2026-09-30', 'to'],
        ['from=2026-02-30', 'from'],
        ['to=Q3', 'to'],
      ] as const) {
        const refused = await admin.get<Failure>(`/v1/internal-service-levels?${query}`);
        expect(refused.status).toBe(400);
        expect(refused.body.errors?.map((e) => e.field)).toContain(field);
      }
      expect((await manager.get('/v1/internal-service-levels')).status).toBe(403);
    });
  });

serviceLevelsSuite(describe, 'embedded SQLite', async () => {
  const dir = scratchDir('service-levels-e2e');
  const file = join(dir.path, 'crm.sqlite');
  return {
    env: { SQLITE_PATH: file },
    open: async () => SqliteEventStore.open(file),
    cleanup: async () => dir.cleanup(),
  };
});

serviceLevelsSuite(describeWithPostgres, 'PostgreSQL', async () => {
  const { schema, drop } = await createTestSchema('service_levels_e2e');
  return {
    env: { EVENT_STORE: 'postgres', DATABASE_URL: POSTGRES_TEST_URL, DATABASE_SCHEMA: schema },
    open: () => PostgresEventStore.open({ connectionString: POSTGRES_TEST_URL, schema }),
    cleanup: drop,
  };
});
