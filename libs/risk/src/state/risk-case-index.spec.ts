import { createTestSchema, describeWithPostgres, POSTGRES_TEST_URL } from '@crm/testing';
import { InMemoryRiskStateStore } from './in-memory.risk-state-store';
import { PostgresRiskStateStore } from './postgres.risk-state-store';
import type { RiskStateStore } from './risk-state-store.port';
import { SqliteRiskStateStore } from './sqlite.risk-state-store';

/** The case keeper's index, alike in every risk state store. */
const caseIndexContract = (open: () => Promise<{ states: RiskStateStore; done: () => Promise<void> }>): void => {
  let states: RiskStateStore;
  let done: () => Promise<void>;

  beforeEach(async () => {
    ({ states, done } = await open());
  });
  afterEach(async () => {
    await done();
  });

  test('keeps the latest entry per client', async () => {
    expect(await states.caseOf('c-1')).toBeNull();
    await states.saveCase('c-1', { episode: 1, open: true, dueBy: '2026-03-02T06:00:00.000Z', overdue: false });
    await states.saveCase('c-1', { episode: 2, open: false, dueBy: null, overdue: false });
    expect(await states.caseOf('c-1')).toEqual({ episode: 2, open: false, dueBy: null, overdue: false });
  });

  test('lists the open cases due by a time and not yet marked overdue', async () => {
    await states.saveCase('c-due', { episode: 3, open: true, dueBy: '2026-03-02T06:00:00.000Z', overdue: false });
    await states.saveCase('c-later', { episode: 1, open: true, dueBy: '2026-03-02T06:00:00.001Z', overdue: false });
    await states.saveCase('c-marked', { episode: 1, open: true, dueBy: '2026-03-01T00:00:00.000Z', overdue: true });
    await states.saveCase('c-closed', { episode: 1, open: false, dueBy: '2026-03-01T00:00:00.000Z', overdue: false });
    expect(await states.casesDue('2026-03-02T06:00:00.000Z')).toEqual([{ clientId: 'c-due', episode: 3 }]);
  });
};

describe('risk case index, in memory', () => {
  caseIndexContract(async () => ({ states: new InMemoryRiskStateStore(), done: async () => undefined }));
});

describe('risk case index, SQLite', () => {
  caseIndexContract(async () => {
    const states = SqliteRiskStateStore.open(':memory:');
    return { states, done: () => states.close() };
  });
});

describeWithPostgres('risk case index, PostgreSQL', () => {
  caseIndexContract(async () => {
    const { schema, drop } = await createTestSchema('crm_risk_case_index');
    const states = await PostgresRiskStateStore.open({ connectionString: POSTGRES_TEST_URL, schema });
    return {
      states,
      done: async () => {
        await states.close();
        await drop();
      },
    };
  });
});
