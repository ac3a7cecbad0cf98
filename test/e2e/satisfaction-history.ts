import {
  clientDecider,
  clientStreamId,
  type ClientCommand,
  type ClientTier,
  type ManagerSnapshot,
  type SurveyKind,
} from '@crm/domain';
import { eventStoreOptions, handleCommand, openEventStore, recoveryTaskIdOf } from '@crm/event-store';
import { loadStorageConfig } from '@crm/platform';

/**
 * A year (2025) of satisfaction answers for the satisfaction e2e, generated from a seed, and the
 * figures the documented definitions give for them, worked out here with nothing of the code under
 * test: months and quarters on Shanghai's wall clock (UTC+8, no summer time), NPS and CSAT as
 * percentages rounded half away from zero, self-reported answers counted apart.
 */
export type HistoryClient = Readonly<{ id: string; managerId: string; branchId: string }>;
export type Answer = Readonly<{
  client: number;
  kind: SurveyKind;
  score: number;
  managerId: string;
  selfReported: boolean;
  at: string;
  tier: ClientTier | null;
  branchId: string;
}>;
type TierChange = Readonly<{ client: number; tier: ClientTier; at: string }>;
export type Figures = Readonly<{ nps: number | null; csat: number | null; responses: number; selfReported: number }>;

const SHANGHAI_MS = 8 * 3_600_000;
const YEAR_START = Date.UTC(2025, 0, 1) - SHANGHAI_MS;
const YEAR_END = Date.UTC(2026, 0, 1) - SHANGHAI_MS;

/** mulberry32: a small seeded generator, so every run sends the same year. */
const random = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** Tiers at the start of the year (by client), and the changes on 1 July (Shanghai). */
const INITIAL_TIERS: readonly (ClientTier | null)[] = ['core', 'key', 'standard', 'basic', null, 'standard', 'key'];
const JULY = new Date(Date.UTC(2025, 6, 1) - SHANGHAI_MS).toISOString();
const TIER_CHANGES: readonly TierChange[] = [
  { client: 1, tier: 'core', at: JULY },
  { client: 4, tier: 'basic', at: JULY },
];

/**
 * About 360 answers over the year for `clients` (the last one of another branch), mostly measuring
 * the client's manager, some its colleague, one in seven recorded by the manager it measures, and
 * a few on the last and first millisecond of a Shanghai month.
 */
export const generateAnswers = (clients: readonly HistoryClient[], seed = 18): Answer[] => {
  const next = random(seed);
  const tiers = [...INITIAL_TIERS];
  const times: number[] = [];
  for (let n = 0; n < 360; n += 1) times.push(YEAR_START + Math.floor(next() * (YEAR_END - YEAR_START)));
  // 31 March 23:59:59.999 and 1 April 00:00 in Shanghai.
  times.push(Date.UTC(2025, 3, 1) - SHANGHAI_MS - 1, Date.UTC(2025, 3, 1) - SHANGHAI_MS);
  times.sort((a, b) => a - b);
  return times.map((time) => {
    const client = Math.floor(next() * clients.length);
    for (const change of TIER_CHANGES)
      if (change.client === client && time >= Date.parse(change.at)) tiers[client] = change.tier;
    const kind: SurveyKind = next() < 0.7 ? 'nps' : 'csat';
    const score = kind === 'nps' ? Math.floor(next() * 11) : 1 + Math.floor(next() * 5);
    const own = clients[client].managerId;
    const colleague = clients.find((other) => other.branchId === clients[client].branchId && other.managerId !== own);
    const managerId = next() < 0.1 && colleague !== undefined ? colleague.managerId : own;
    return {
      client,
      kind,
      score,
      managerId,
      selfReported: next() < 1 / 7,
      at: new Date(time).toISOString(),
      tier: tiers[client],
      branchId: clients[client].branchId,
    };
  });
};

const snapshot = (managerId: string, branchId: string): ManagerSnapshot => ({
  managerId,
  name: managerId,
  branchId,
  level: 'senior',
  active: true,
  absentUntil: null,
});

/**
 * Writes the year through the client decider into the API's store (the API is down meanwhile),
 * dated as the survey tool would date each answer; returns the log's head position.
 */
export const writeHistory = async (
  env: Record<string, string>,
  clients: readonly HistoryClient[],
  answers: readonly Answer[],
): Promise<string> => {
  const store = await openEventStore(eventStoreOptions(loadStorageConfig(env)));
  const actor = { userId: 'svc-survey', role: 'service' as const };
  const run = async (client: number, command: Omit<ClientCommand, 'metadata'>, now: string): Promise<void> => {
    const full = { ...command, metadata: { now, actor } } as ClientCommand;
    await handleCommand(store, clientStreamId(clients[client].id), clientDecider, full, {
      correlationId: `history-${now}`,
      causationId: `history-${now}`,
      actor,
    });
  };
  try {
    const start = new Date(YEAR_START - 60_000).toISOString();
    for (const [client, tier] of INITIAL_TIERS.entries()) {
      if (tier === null) continue;
      const currentManager = snapshot(clients[client].managerId, clients[client].branchId);
      await run(client, { type: 'ChangeTier', data: { tier, reason: 'annual review', currentManager } }, start);
    }
    const changes = [...TIER_CHANGES];
    for (const [index, answer] of answers.entries()) {
      while (changes.length > 0 && Date.parse(changes[0].at) <= Date.parse(answer.at)) {
        const { client, tier, at } = changes.shift() as TierChange;
        const currentManager = snapshot(clients[client].managerId, clients[client].branchId);
        await run(client, { type: 'ChangeTier', data: { tier, reason: 'mid-year review', currentManager } }, at);
      }
      const surveyId = `00000000-5a75-4000-8000-${String(index).padStart(12, '0')}`;
      const data = {
        surveyId,
        kind: answer.kind,
        score: answer.score,
        comment: 'answered in the survey tool',
        managerId: answer.managerId,
        ...(answer.selfReported ? { recordedByManagerId: answer.managerId } : {}),
        recovery: { taskId: recoveryTaskIdOf(surveyId), dueInDays: 5 },
      };
      await run(answer.client, { type: 'RecordSatisfaction', data }, answer.at);
    }
    return (await store.headPosition()).toString();
  } finally {
    await store.close();
  }
};

/** 100 × part / whole, to a whole number, halves away from zero. */
const percent = (part: number, whole: number): number => {
  const value = (100 * part) / whole;
  return Math.sign(value) * Math.round(Math.abs(value));
};

export const figuresOf = (answers: readonly Answer[]): Figures => {
  const counted = answers.filter((answer) => !answer.selfReported);
  const nps = counted.filter((answer) => answer.kind === 'nps');
  const csat = counted.filter((answer) => answer.kind === 'csat');
  const promoters = nps.filter((answer) => answer.score >= 9).length;
  const detractors = nps.filter((answer) => answer.score <= 6).length;
  return {
    nps: nps.length === 0 ? null : percent(promoters - detractors, nps.length),
    csat: csat.length === 0 ? null : percent(csat.filter((answer) => answer.score >= 4).length, csat.length),
    responses: counted.length,
    selfReported: answers.length - counted.length,
  };
};

/** YYYY-MM of an instant on Shanghai's wall clock. */
export const shanghaiMonth = (at: string): string => new Date(Date.parse(at) + SHANGHAI_MS).toISOString().slice(0, 7);

export const shanghaiQuarter = (at: string): string => {
  const month = Number(shanghaiMonth(at).slice(5, 7));
  return `${shanghaiMonth(at).slice(0, 4)}-Q${Math.ceil(month / 3)}`;
};
